import { createTranslationRef } from '@backstage/core-plugin-api/alpha';

/**
 * Every user-facing string of the model catalog page, the AIModel entity
 * page cards, the served-models card and the model search result, so that
 * an organisation can translate or reword them (`createTranslationMessages`).
 *
 * @alpha
 */
export const aiModelTranslationRef = createTranslationRef({
  id: 'ai-model',
  messages: {
    page: {
      title: 'AI Models',
    },
    runtime: {
      notServed: 'not served',
      hostedApi: 'Hosted API',
    },
    catalogPage: {
      title: 'AI models',
      subtitle:
        'Every model the organisation serves or calls: what it is, where it runs, who owns it',
      support:
        'Models come from AIModel entities in the catalog: catalog-info files and the configured model registries.',
      // Search, type, lifecycle and owner are Backstage's own pickers,
      // worded by catalog-react's translation.
      filters: {
        provider: 'Provider',
        runtime: 'Serving runtime',
        classification: 'Data classification',
        license: 'Licence',
      },
      clearFilters: 'Clear filters',
      unknownLicence: 'unknown',
      table: {
        title: 'Models ({{models}})',
        noModels:
          'No AIModel entities in the catalog yet. Add one with kind: AIModel, or configure an MLflow registry.',
        noMatch: 'No model matches these filters.',
      },
      columns: {
        model: 'Model',
        type: 'Type',
        provider: 'Provider',
        runtime: 'Runtime',
        parameters: 'Parameters',
        lifecycle: 'Lifecycle',
        data: 'Data',
        license: 'Licence',
        owner: 'Owner',
      },
    },
    overviewCard: {
      title: 'Model overview',
      demo: 'Demo data',
      demoSource: 'ingested from a simulated registry (npm run start:demo)',
      facts: {
        type: 'Type',
        provider: 'Provider',
        version: 'Version',
        aliases: 'Aliases',
        family: 'Family',
        parameters: 'Parameters',
        contextWindow: 'Context window',
        precision: 'Precision',
        runtime: 'Runtime',
        licence: 'Licence',
        dataClassification: 'Data classification',
        risk: 'Risk',
        owner: 'Owner',
        price: 'Price per 1M tokens',
        tracing: 'Tracing',
        runbook: 'Runbook',
        rollbackTarget: 'Rollback target',
      },
      hostedProvider: '{{provider}} (hosted API)',
      selfHosted: 'self-hosted',
      contextTokens: '{{tokens}} tokens',
      priceValue: '{{input}} in / {{output}} out',
      unknownLicence: 'unknown',
    },
    lineageCard: {
      title: 'Lineage',
      facts: {
        derivedFrom: 'Derived from',
        derivedModels: 'Derived models',
        servedBy: 'Served by',
        apis: 'APIs',
        trainedOn: 'Trained on',
        features: 'Features',
      },
      noBaseModel: 'a base model (nothing upstream declared)',
      noDerivedModels: 'none',
      notServed: 'no Component declares it in {{annotation}}',
      noApis: 'none',
      noDatasets: 'no dataset declared',
      noFeatures: 'no feature store Resource declared (spec.features)',
    },
    evaluationsCard: {
      title: 'Evaluations',
      empty:
        'No evaluations recorded. Add {{field}} with the tool, dataset, metric, value and threshold of each run.',
      belowThreshold: '{{failing}} of {{total}} below threshold',
      allMeetThresholds: 'all {{total}} meet their thresholds',
      columns: {
        metric: 'Metric',
        dataset: 'Dataset (tool)',
        value: 'Value',
        threshold: 'Threshold',
        result: 'Result',
        date: 'Date',
      },
      datasetTool: '{{dataset}} ({{tool}})',
      run: 'run',
      atMost: '≤ {{threshold}}',
      atLeast: '≥ {{threshold}}',
      verdict: {
        pass: 'PASS',
        fail: 'FAIL',
        noThreshold: 'no threshold',
      },
    },
    servingCard: {
      title: 'Serving and resources',
      empty:
        'This model declares no serving runtime or resources. Add {{serving}} and {{resources}} to its entity.',
      facts: {
        runtime: 'Runtime',
        endpoint: 'Endpoint',
        accelerator: 'Accelerator',
        acceleratorsPerReplica: 'Accelerators per replica',
        acceleratorMemory: 'Accelerator memory',
        replicas: 'Replicas',
        engine: 'Engine: {{setting}}',
        architecture: 'Architecture',
      },
      memory: '{{memory}} GiB',
    },
    provenanceCard: {
      title: 'Provenance',
      emptySelfHosted:
        'No artifact or registry declared: add spec.artifact (uri, digest, signature) and spec.registry.',
      emptyHosted:
        'Weights are held by {{provider}}; only the API version is pinned ({{version}}).',
      facts: {
        artifactUri: 'Artifact URI',
        format: 'Format',
        digest: 'Digest',
        signature: 'Signature',
        attestation: 'Attestation',
        run: 'Run',
        registry: 'Registry',
      },
      notPinned: 'not pinned',
      unsigned: 'unsigned',
      noAttestation: 'none',
      registry: '{{registry}}: {{name}}',
      registryVersion: '{{registry}}: {{name}} v{{version}}',
    },
    rollback: {
      button: 'Roll back to {{version}}',
      buttonOf: 'Roll back {{subject}} to {{version}}',
      noArtifact:
        'The registry records no weights for version {{version}} (spec.rollbackArtifact: URI and digest), so there is nothing pinned to roll back to',
      notAllowed: 'Only the owners of {{service}} may roll it back',
    },
    servedModelsCard: {
      title: 'AI models',
      facts: {
        serves: 'Serves',
        uses: 'Uses',
      },
      noServes: 'none (list served models in the {{annotation}} annotation)',
      noUses: 'none (list called models in spec.dependsOn)',
    },
    searchResult: {
      factsLabel: 'Model facts',
      kind: 'AI model',
      parameters: '{{parameters}} parameters',
      contextWindow: '{{contextWindow}} context',
      servedWith: 'served with {{runtime}}',
      licence: 'licence {{license}}',
    },
  },
});
