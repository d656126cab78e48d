import {
  createTranslationRef,
  TranslationFunction,
} from '@backstage/core-plugin-api/alpha';

/**
 * The English messages of `aiScorecardTranslationRef`, grouped by component.
 * Rule titles, remediation texts, chapter titles, rule ids and entity refs
 * are data from the rule set and the back end, not messages.
 */
export const aiScorecardMessages = {
  plugin: {
    pageTitle: 'Architecture review',
    tabTitle: 'Scorecard',
  },
  common: {
    title: 'Architecture scorecard',
    graded: 'Rule set {{version}} · graded {{date}}',
    fixWithGoldenPath: 'Fix it with the {{template}} golden path',
    severity: {
      critical: 'critical',
      high: 'high',
      medium: 'medium',
      low: 'low',
      unknown: 'unknown',
    },
  },
  grade: {
    incomplete: 'Incomplete',
    incompleteShort: 'Inc.',
    incompleteHelp:
      'Incomplete: evidence decided too little of the applicable rules for a letter grade',
    ariaLabel: 'grade {{grade}}',
    none: 'none',
  },
  summary: {
    score: '{{score}} / 100',
    scoreSoFar: '{{score}} / 100 so far',
    notScored: 'Not scored',
    counts:
      '{{passed}} passed · {{failed}} failed · {{unknown}} unknown · {{waived}} waived',
    countsWithCoverage:
      'Coverage {{coverage}} % · {{passed}} passed · {{failed}} failed · {{unknown}} unknown · {{waived}} waived',
    noRuleApplies: 'No rule applies.',
    coverage:
      "Evidence decided {{coverage}} % of the applicable rules' weight (a grade needs {{threshold}} %).",
    coverageTooLow:
      "Evidence decided {{coverage}} % of the applicable rules' weight; a grade needs {{threshold}} %. The unknown rules below say what would decide them.",
    chapterBar: '{{chapter}}: {{score}}',
    chapterBarWithCoverage: '{{chapter}}: {{score}}, coverage {{coverage}} %',
    chapterNotScored: 'not scored',
  },
  card: {
    gradeAgain: 'Grade again now',
    notGraded:
      'Not graded yet: the scorecard grades every service and model on a schedule.',
    gradeItNow: 'Grade it now',
    failingRules: 'Failing rules',
    noFailingRules: 'No failing rules',
    failingRule: '{{rule}} ({{severity}})',
  },
  content: {
    status: {
      fail: 'Fail',
      unknown: 'Unknown',
      waived: 'Waived',
      pass: 'Pass',
      'not-applicable': 'Not applicable',
    },
    filters: {
      label: 'Which rules to show',
      attention: 'Needs attention',
      applicable: 'All applicable',
      all: 'All rules',
    },
    evidence: {
      comparison: '{{fact}} {{op}}: {{outcome}}',
      comparisonFound: '{{fact}} {{op}}: {{outcome}} (found {{actual}})',
      comparisonExpected: '{{fact}} {{op}} {{expected}}: {{outcome}}',
      comparisonExpectedFound:
        '{{fact}} {{op}} {{expected}}: {{outcome}} (found {{actual}})',
      nothing: 'nothing',
      outcomes: {
        pass: 'pass',
        fail: 'fail',
        unknown: 'unknown',
      },
      ops: {
        exists: 'is present',
        absent: 'is absent',
        nonEmpty: 'is not empty',
        empty: 'is empty',
        equals: 'equals',
        notEquals: 'differs from',
        in: 'is one of',
        notIn: 'is none of',
        gte: 'is at least',
        lte: 'is at most',
        matches: 'matches',
        contains: 'contains',
        everyHas: 'every item has',
      },
      from: 'from {{source}}',
      fromRead: 'from {{source}}, read {{date}}',
      withReason: '{{reason}} · {{from}}',
    },
    rule: {
      details: '{{ruleId}} · {{severity}} · weight {{weight}}',
      detailsWithThreshold:
        '{{ruleId}} · {{severity}} · weight {{weight}} · threshold {{threshold}} ({{thresholdSource}})',
      thresholdOwn: "the entity's own",
      thresholdPlatform: "the platform's",
      readMore: 'Read more',
      waivedBy: 'Waived by {{author}} until {{date}}: “{{reason}}”',
      notApplicable: 'Does not apply to this entity',
    },
    gradeNow: 'Grade now',
    notGraded:
      '{{entity}} has not been graded yet: the scorecard grades every service and model on a schedule, or now on request.',
    gradedAgain: '{{entity}} graded again',
    waive: 'Waive',
    grade: {
      title: 'Grade',
    },
    history: {
      title: 'Score over the last 90 days',
    },
    rules: {
      title: 'Rules',
      subheader:
        "Each rule's result with its evidence: which fact, which value, from where and when",
      chapterScore: '· {{score}} / 100',
      tableLabel: '{{chapter}} rules',
      result: 'Result',
      rule: 'Rule',
      evidence: 'Evidence',
      nothingToShow: 'Nothing to show: every applicable rule passes.',
    },
    waivers: {
      title: 'Waivers',
      subheader:
        'Exceptions to single rules, each with its reason, author and end; an ended waiver stops applying by itself',
      noneCanCreate:
        'No waivers. Waive a failing or unknown rule from the list above.',
      noneCannotCreate: 'No waivers. You may not create waivers.',
      tableLabel: 'Waivers',
      rule: 'Rule',
      reason: 'Reason',
      author: 'Author',
      created: 'Created',
      ends: 'Ends',
      ended: 'ended: no longer applies',
      remove: 'Remove this waiver',
      removeLabel: 'Remove the waiver of {{ruleId}}',
      removed: 'Waiver of {{ruleId}} removed',
      waivedUntil: '{{rule}}: waived until {{date}}',
    },
    footer: 'Rule set {{version}}: {{rules}} rules over {{chapters}} chapters.',
  },
  historyChart: {
    empty:
      'No history yet: the scorecard keeps one point per day from the first grading on.',
    score: 'Score',
    value: '{{score}} ({{grade}})',
    valueWithCoverage: '{{score}} ({{grade}}, coverage {{coverage}} %)',
    notGraded: 'not graded',
    caption: 'The last score of each day, {{first}} to {{last}}.',
    summary:
      'Score per day, {{first}} to {{last}}: {{latest}} on the last day, between {{lowest}} and {{highest}}.',
  },
  drift: {
    label: 'Declared and observed',
    setting: 'Setting',
    declared: 'Declared in the catalog',
    observed: 'Running in the cluster',
  },
  waiverDialog: {
    title: 'Waive “{{rule}}”',
    explanation:
      'While the waiver lasts, this rule neither helps nor hurts the grade of {{entity}}. The waiver, its reason and its author are visible to everyone and written to the audit log.',
    reason: 'Reason',
    reasonHelp:
      'Why the rule does not apply or cannot be met yet, and the plan',
    ends: 'Ends on',
    endsHelp:
      'The waiver stops applying by itself after this day (UTC); at most {{maxDays}} days',
    cancel: 'Cancel',
    submit: 'Waive rule',
    errors: {
      reasonTooShort: 'Say why, in at least 10 characters',
      expiresMissing: 'Pick the day the waiver ends',
      expiresPast: 'The waiver must end in the future',
      expiresTooLong: 'A waiver lasts at most {{maxDays}} days',
    },
  },
  review: {
    title: 'Architecture review',
    subtitle:
      'Every AI service, model and GPU cluster graded against the eight chapters of the AI Infrastructure Reference Architecture',
    grades: 'Grades',
    exportCsv: 'Export CSV',
    exportMarkdown: 'Export Markdown',
    distribution: {
      title: 'Grade distribution per chapter',
      chapter: 'Chapter',
      notGraded: 'Not graded',
      overall: 'Overall',
    },
    worst: {
      title: 'Worst offenders',
      scoreWithCoverage: '{{score}} (coverage {{coverage}} %)',
    },
    filters: {
      all: 'All',
      kind: 'Kind',
      grade: 'Grade',
      chapter: 'Chapter',
      failing: 'Failing {{ruleId}}',
    },
    table: {
      title: 'Graded entities ({{total}})',
      entity: 'Entity',
      kind: 'Kind',
      owner: 'Owner',
      grade: 'Grade',
      score: 'Score',
      coverage: 'Coverage',
      coverageValue: '{{coverage}} %',
    },
  },
  failingRules: {
    title: 'Most failed rules',
    subheader:
      'Each with the golden path that fixes it: a service created from it passes',
    none: 'No graded entity fails a rule.',
    tableLabel: 'Most failed rules',
    rule: 'Rule',
    entities: 'Entities',
    fixedBy: 'Fixed by',
    listEntities: 'List the {{entities}} entities failing {{ruleId}}',
    goldenPath: '{{template}} golden path',
    guidance: 'Guidance',
  },
  unregistered: {
    title: 'Unregistered model servers',
    subheader:
      'Running in a cluster, but in no catalog entity: nobody grades, budgets or pages for them',
    noDiscovery:
      'No discovery is installed. Add {{module}} to the back end and configure the clusters it reads.',
    noneReadable: 'None found in the clusters that could be read.',
    allRegistered: 'Every model server found is in the catalog.',
    tableLabel: 'Unregistered model servers',
    workload: 'Workload',
    clusterNamespace: 'Cluster / namespace',
    runtime: 'Runtime',
    image: 'Image',
    demoData: 'demo data',
    register: 'Register',
    registerLabel: 'Register {{name}}',
    notSearched: 'Not searched: {{clusters}}',
    hiddenOne:
      "1 more is not shown: their cluster's Resource entity is not one you may read in the catalog.",
    hiddenMany:
      "{{hidden}} more are not shown: their cluster's Resource entity is not one you may read in the catalog.",
    readAt: 'Clusters read {{date}}',
    dialog: {
      title: 'Register {{name}} ({{cluster}}/{{namespace}})',
      label:
        '1. Label the workload and its pods so that the catalog entity finds them (put the label in its manifests too, or the next deploy removes it):',
      commit:
        "{{step}}. Commit this {{file}} next to the service's code, with its owning team:",
      register:
        "{{step}}. {{registerLink}} with the file's URL. The scorecard grades it on its next run. A new service is better started from the {{goldenPathLink}}.",
      registerLink: 'Register it in the catalog',
      goldenPathLink: 'LLM serving golden path',
      close: 'Close',
    },
  },
} as const;

/**
 * Every user-facing string of the scorecard card and tab, the Architecture
 * review page and their dialogs, so that an organisation can translate or
 * reword them (`createTranslationMessages`).
 *
 * @alpha
 */
export const aiScorecardTranslationRef = createTranslationRef({
  id: 'ai-scorecard',
  messages: aiScorecardMessages,
});

/** The plugin's translation function, for helpers that components call. */
export type ScorecardT = TranslationFunction<
  typeof aiScorecardTranslationRef.T
>;
