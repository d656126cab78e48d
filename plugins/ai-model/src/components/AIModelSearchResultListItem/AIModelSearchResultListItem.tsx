import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import {
  IndexableDocument,
  ResultHighlight,
} from '@backstage/plugin-search-common';
import { AIModelSearchFields } from '@ai-refarch/plugin-ai-model-common';
import { ClassificationChip } from '../AIModelCards';
import { runtimeName } from '../format';
import { aiModelTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  item: { display: 'flex' },
  text: {
    width: '100%',
    wordBreak: 'break-word',
    marginBottom: theme.spacing(1),
  },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
}));

/** A catalog search document of an AIModel, as the search module writes it. */
type AIModelSearchDocument = IndexableDocument &
  Partial<AIModelSearchFields> & { kind?: string };

/** Props of {@link AIModelSearchResultListItem}. @public */
export interface AIModelSearchResultListItemProps {
  result?: IndexableDocument;
  highlight?: ResultHighlight;
  rank?: number;
  icon?: ReactNode;
  lineClamp?: number;
}

/**
 * A model in search results: its name, description and what a reader
 * chooses a model by (type, provider, size, context, runtime, licence, data
 * classification), from the fields the suite's search module indexes.
 *
 * @public
 */
export function AIModelSearchResultListItem(
  props: AIModelSearchResultListItemProps,
) {
  const classes = useStyles();
  const { t } = useTranslationRef(aiModelTranslationRef);
  const result = props.result as AIModelSearchDocument | undefined;
  const { highlight } = props;
  if (!result) return null;
  /** The field with the search term marked, where the engine marked it. */
  const highlighted = (field: 'title' | 'text') =>
    highlight?.fields[field] ? (
      <HighlightedSearchResultText
        text={highlight.fields[field]}
        preTag={highlight.preTag}
        postTag={highlight.postTag}
      />
    ) : (
      result[field]
    );
  const facts = [
    result.modelType,
    result.provider,
    result.parameters &&
      t('searchResult.parameters', { parameters: result.parameters }),
    result.contextWindow &&
      t('searchResult.contextWindow', { contextWindow: result.contextWindow }),
    result.runtime
      ? t('searchResult.servedWith', {
          runtime: runtimeName(result.runtime, t),
        })
      : result.modelType && t('runtime.notServed'),
    result.license && t('searchResult.licence', { license: result.license }),
  ].filter((fact): fact is string => Boolean(fact));
  return (
    <div className={classes.item}>
      {props.icon && <ListItemIcon>{props.icon}</ListItemIcon>}
      <div>
        <ListItemText
          className={classes.text}
          primaryTypographyProps={{ variant: 'h6' }}
          primary={
            <Link noTrack to={result.location}>
              {highlighted('title')}
            </Link>
          }
          secondary={
            <Typography
              component="span"
              color="textSecondary"
              variant="body2"
              style={{
                display: '-webkit-box',
                WebkitBoxOrient: 'vertical',
                WebkitLineClamp: props.lineClamp ?? 3,
                overflow: 'hidden',
              }}
            >
              {highlighted('text')}
            </Typography>
          }
        />
        <Box
          className={classes.chips}
          aria-label={t('searchResult.factsLabel')}
          role="list"
        >
          <Chip role="listitem" size="small" label={t('searchResult.kind')} />
          {facts.map(fact => (
            <Chip role="listitem" key={fact} size="small" label={fact} />
          ))}
          {result.dataClassification && (
            <span role="listitem">
              <ClassificationChip classification={result.dataClassification} />
            </span>
          )}
        </Box>
      </div>
    </div>
  );
}
