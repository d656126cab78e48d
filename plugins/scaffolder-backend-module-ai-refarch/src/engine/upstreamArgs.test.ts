import vllm from './upstream/vllm-v0.8.5.json';
import tgi from './upstream/tgi-3.3.0.json';
import triton from './upstream/triton-25.01.json';
import trtllm from './upstream/tensorrtllm_backend-v0.17.0.json';
import { DEFAULT_SERVING_IMAGES } from './servingImages';
import { engineCommand, EngineSettings } from './engineArgs';

/*
 * Every engine argument, environment variable and model parameter that the
 * golden paths emit, checked against the pinned runtime's own list,
 * extracted from its source at the release tag (upstream/*.json say which
 * repository, tag, commit and files).
 */

const base: EngineSettings = {
  runtime: 'vllm',
  model: '/models/llama',
  servedModelName: 'llama',
  tensorParallelSize: 2,
  maxModelLen: 8192,
  maxNumSeqs: 16,
  gpuMemoryUtilization: 0.9,
  enablePrefixCaching: true,
  enableChunkedPrefill: true,
  port: 8000,
};

/** Every combination of the settings a golden path can choose. */
function variants(runtime: EngineSettings['runtime']): EngineSettings[] {
  const out: EngineSettings[] = [];
  for (const enablePrefixCaching of [true, false])
    for (const enableChunkedPrefill of [true, false])
      for (const quantization of [undefined, 'awq', 'gptq', 'fp8'] as const)
        for (const dtype of [undefined, 'bfloat16', 'float16', 'auto'] as const)
          for (const tracing of [undefined, 'http/protobuf', 'grpc'] as const)
            for (const speculative of [
              undefined,
              { model: 'meta-llama/Llama-3.2-1B', numSpeculativeTokens: 4 },
            ]) {
              const s: EngineSettings = {
                ...base,
                runtime,
                enablePrefixCaching,
                enableChunkedPrefill,
                quantization,
                dtype,
                speculative,
                ...(tracing
                  ? {
                      otlpTracesEndpoint: 'http://collector:4318/v1/traces',
                      otlpProtocol: tracing,
                    }
                  : {}),
              };
              try {
                engineCommand(s);
                out.push(s);
              } catch {
                // refused combinations (a draft model on TGI, gRPC on Triton) are tested elsewhere
              }
            }
  return out;
}

const flags = (args: string[]) => args.filter(a => a.startsWith('--'));

describe('engine arguments against the pinned runtimes', () => {
  it('pins the sources it checks against', () => {
    expect(DEFAULT_SERVING_IMAGES.vllm).toBe(`vllm/vllm-openai:${vllm.tag}`);
    expect(DEFAULT_SERVING_IMAGES.tgi).toBe(
      `ghcr.io/huggingface/text-generation-inference:${tgi.tag.slice(1)}`,
    );
    expect(DEFAULT_SERVING_IMAGES.triton).toBe(
      'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3',
    );
    expect(triton.tag).toBe('r25.01');
  });

  it.each(['vllm', 'tgi', 'triton'] as const)(
    '%s: every flag is one the pinned version defines',
    runtime => {
      const options = new Set(
        { vllm: vllm.options, tgi: tgi.options, triton: triton.options }[
          runtime
        ],
      );
      const all = variants(runtime);
      expect(all.length).toBeGreaterThan(20);
      const unknown = new Set<string>();
      for (const s of all) {
        for (const flag of flags(engineCommand(s).args)) {
          if (!options.has(flag)) unknown.add(flag);
        }
      }
      expect([...unknown]).toEqual([]);
    },
  );

  it('TGI: values the launcher accepts, and not --dtype with --quantize', () => {
    for (const s of variants('tgi')) {
      const { args, env } = engineCommand(s);
      const given = Object.keys(tgi.values).flatMap(flag =>
        args.includes(flag) ? [[flag, args[args.indexOf(flag) + 1]]] : [],
      );
      for (const [flag, value] of given) {
        expect({ flag, value, allowed: (tgi.values as any)[flag] }).toEqual({
          flag,
          value,
          allowed: expect.arrayContaining([value]),
        });
      }
      for (const [a, b] of tgi.exclusive) {
        expect(args.includes(a) && args.includes(b)).toBe(false);
      }
      // The variables TGI reads, not ones it ignores (USE_PREFIX_CACHING, DISABLE_CHUNKED_PREFILL)
      for (const name of Object.keys(env)) {
        expect(Object.keys(tgi.serverEnv)).toContain(name);
      }
      expect(env.PREFIX_CACHING).toBe(s.enablePrefixCaching ? '1' : '0');
      expect(env.PREFILL_CHUNKING).toBe(s.enableChunkedPrefill ? '1' : '0');
    }
  });

  it('vLLM: traces over the protocol the form asks for', () => {
    const { args, env } = engineCommand({
      ...base,
      otlpTracesEndpoint: 'http://phoenix:6006/v1/traces',
    });
    expect(args).toContain('--otlp-traces-endpoint');
    expect(Object.keys(env)).toEqual(Object.keys(vllm.env));
    expect(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL).toBe('http/protobuf');
  });

  it('Triton: traces every request at a level that records them', () => {
    const { args } = engineCommand({
      ...base,
      runtime: 'triton',
      otlpTracesEndpoint: 'http://collector:4318/v1/traces',
    });
    const settings = args.flatMap((a, i) =>
      a === '--trace-config' ? [args[i + 1]] : [],
    );
    expect(settings).toEqual([
      'mode=opentelemetry',
      'level=TIMESTAMPS',
      'rate=1',
      'opentelemetry,url=http://collector:4318/v1/traces',
    ]);
  });

  it('Triton: fills every template the backend ships, and only its placeholders', () => {
    for (const s of variants('triton')) {
      const build = engineCommand(s).tritonBuild!;
      expect(Object.keys(build.models).sort()).toEqual(
        Object.keys(trtllm.models).sort(),
      );
      for (const [model, fills] of Object.entries(build.models)) {
        const upstream = trtllm.models[model as keyof typeof trtllm.models];
        const keys = Object.keys(fills);
        // max_queue_size: fill_template.py sets it to 0 itself.
        for (const required of upstream.required.filter(
          k => k !== 'max_queue_size',
        )) {
          expect({ model, required, filled: keys.includes(required) }).toEqual({
            model,
            required,
            filled: true,
          });
        }
        for (const key of keys) {
          expect({
            model,
            key,
            known: upstream.placeholders.includes(key),
          }).toEqual({ model, key, known: true });
          // fill_template.py splits on "," and ":" (a backslash escapes them).
          expect(fills[key]).not.toMatch(/[,:\\]/);
        }
      }
    }
  });

  it('Triton: fetches backend files that exist at the pinned commit, by blob id', () => {
    const build = engineCommand({ ...base, runtime: 'triton' }).tritonBuild!;
    expect(build.backend.commit).toBe(trtllm.commit);
    expect(build.backend.tag).toBe(trtllm.tag);
    for (const [path, blob] of Object.entries(build.backend.files)) {
      expect({ path, blob }).toEqual({
        path,
        blob: (trtllm.blobs as Record<string, string>)[path],
      });
    }
    // Each model the ensemble chains has its config; the Python ones their model.py.
    for (const model of Object.keys(trtllm.models)) {
      expect(Object.keys(build.backend.files)).toContain(
        `all_models/inflight_batcher_llm/${model}/config.pbtxt`,
      );
    }
  });
});
