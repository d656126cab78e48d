import { Chip, makeStyles, Theme } from '@material-ui/core';
import { getContrastRatio } from '@material-ui/core/styles';
import { DataClassification } from '@ai-refarch/plugin-ai-model-common';

/** Black or white, whichever reads better on the background (WCAG contrast). */
function textOn(theme: Theme, background: string): string {
  const { black, white } = theme.palette.common;
  return getContrastRatio(background, white) >=
    getContrastRatio(background, black)
    ? white
    : black;
}

// The theme's contrastText is chosen at MUI's threshold of 3:1; WCAG AA
// asks 4.5:1 of this small text (axe found PCI and PHI at less).
const useStyles = makeStyles(theme => ({
  restricted: {
    backgroundColor: theme.palette.error.main,
    color: textOn(theme, theme.palette.error.main),
  },
  sensitive: {
    backgroundColor: theme.palette.warning.main,
    color: textOn(theme, theme.palette.warning.main),
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
