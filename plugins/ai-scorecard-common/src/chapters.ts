/**
 * The eight chapters of the AI Infrastructure Reference Architecture, in
 * the document's order.
 *
 * @public
 */
export const CHAPTERS = [
  { id: 'gpu-cluster-topology', number: 1, title: 'GPU cluster topology' },
  {
    id: 'serving-runtime',
    number: 2,
    title: 'Model serving runtime selection',
  },
  { id: 'mlops-platform', number: 3, title: 'MLOps platform layer' },
  { id: 'llm-observability', number: 4, title: 'LLM observability stack' },
  { id: 'rag-infrastructure', number: 5, title: 'RAG infrastructure' },
  { id: 'cost-discipline', number: 6, title: 'Cost discipline' },
  { id: 'security-compliance', number: 7, title: 'Security and compliance' },
  { id: 'on-call-incidents', number: 8, title: 'On-call and incidents' },
] as const;

/** @public */
export type ChapterId = (typeof CHAPTERS)[number]['id'];

/** @public */
export const CHAPTER_IDS = CHAPTERS.map(c => c.id) as [
  ChapterId,
  ...ChapterId[],
];
