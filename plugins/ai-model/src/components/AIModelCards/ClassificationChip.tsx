import { Chip, makeStyles } from '@material-ui/core';
import { DataClassification } from '@ai-refarch/plugin-ai-model-common';

const useStyles = makeStyles(theme => ({
  restricted: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  sensitive: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  normal: {},
}));

const LEVEL: Record<DataClassification, 'restricted' | 'sensitive' | 'normal'> =
  {
    phi: 'restricted',
    pci: 'restricted',
    pii: 'sensitive',
    confidential: 'sensitive',
    internal: 'normal',
    public: 'normal',
  };

/** The data classification, coloured by how restricted it is. */
export function ClassificationChip({
  classification,
}: {
  classification: DataClassification;
}) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={classification.toLocaleUpperCase('en-US')}
      className={classes[LEVEL[classification] ?? 'normal']}
    />
  );
}
