// The HTTP client of the scorecard benchmark (scorecard.bench.ts), in its
// own process so that the back end's peak RSS and event loop are its own,
// as they are when the browser and the back end are apart.
//
// Arguments: base URL, number of entities, requests per endpoint. Prints
// {"overview": [ms...], "single": [ms...]} on stdout.
const [base, countArg, requestsArg] = process.argv.slice(2);
const count = Number(countArg);
const requests = Number(requestsArg);

async function time(url) {
  const started = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return performance.now() - started;
}

const overview = [];
const single = [];
// The first 50 requests of each kind warm up the code paths (JIT) and are
// not counted, as the grading run's warm-up.
const WARM_UP = 50;
for (let i = 0; i < WARM_UP + requests; i++) {
  const timed = (ms, into) => {
    if (i >= WARM_UP) into.push(ms);
  };
  const page = 1 + (i % Math.max(1, Math.floor(count / 50)));
  const filter = [
    '',
    '&grade=F',
    '&chapter=security-compliance&grade=A',
    '&kind=aimodel',
    '&owner=group:default/team-3',
  ][i % 5];
  timed(
    await time(
      `${base}/overview?page=${page}&pageSize=50&sort=score&order=${
        i % 2 ? 'desc' : 'asc'
      }${filter}`,
    ),
    overview,
  );
  const name =
    i % 2 ? `model-${(2 * i + 1) % count}` : `service-${(2 * i) % count}`;
  timed(
    await time(
      `${base}/scorecards/${i % 2 ? 'aimodel' : 'component'}/default/${name}`,
    ),
    single,
  );
}
process.stdout.write(JSON.stringify({ overview, single }));
