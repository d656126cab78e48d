export interface Config {
  /** The AI Reference Architecture scorecard. */
  aiScorecard?: {
    /**
     * How often every entity is graded; a SchedulerService frequency, e.g.
     * `{ minutes: 30 }`. Default 30 minutes.
     */
    schedule?: { minutes?: number; hours?: number };
    /** Changes to the reference rule set, without forking it. */
    rules?: {
      /** Rule ids to switch off. */
      disabled?: string[];
      /** Per rule id, fields to replace (weight, severity, appliesTo, remediation, check). */
      overrides?: { [ruleId: string]: object };
      /** The organisation's own rules, in the reference rules' format. */
      extra?: object[];
    };
  };
}
