import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

/** A column's title; an empty one heads a column of actions. */
export type Column = string | { title: string; align?: 'right' | 'center' };

/** A table's header row, one cell per column. */
export function TableHeader(props: { columns: Column[] }) {
  return (
    <TableHead>
      <TableRow>
        {props.columns.map((column, i) => {
          const { title, align } =
            typeof column === 'string' ? { title: column } : column;
          return (
            <TableCell key={i} align={align}>
              {title}
            </TableCell>
          );
        })}
      </TableRow>
    </TableHead>
  );
}
