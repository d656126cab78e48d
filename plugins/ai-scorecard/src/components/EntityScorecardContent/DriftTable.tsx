import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';

/** A setting the catalog declares and the cluster shows differently. */
export type DriftItem = {
  field: string;
  declared: unknown;
  declaredIn: string;
  observed: unknown;
  observedIn: string;
};

/** Whether a piece of evidence is a list of declared-versus-observed differences. */
export function isDriftList(value: unknown): value is DriftItem[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      v =>
        v !== null &&
        typeof v === 'object' &&
        'field' in v &&
        'declared' in v &&
        'observed' in v,
    )
  );
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Declared and observed values side by side, each with where it came from. */
export function DriftTable(props: { items: DriftItem[] }) {
  return (
    <Table size="small" aria-label="Declared and observed">
      <TableHead>
        <TableRow>
          <TableCell>Setting</TableCell>
          <TableCell>Declared in the catalog</TableCell>
          <TableCell>Running in the cluster</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(item => (
          <TableRow key={`${item.field} ${item.observedIn}`}>
            <TableCell style={{ whiteSpace: 'nowrap' }}>{item.field}</TableCell>
            <TableCell>
              <strong>{text(item.declared)}</strong>
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                {item.declaredIn}
              </Typography>
            </TableCell>
            <TableCell>
              <strong>{text(item.observed)}</strong>
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                {item.observedIn}
              </Typography>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
