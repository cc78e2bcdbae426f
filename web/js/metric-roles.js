// What a metric is for, guessed from its name: the run's objective (validation loss, accuracy, F1, ...) or
// bookkeeping (learning rate, epoch, throughput, system metrics) that no one picks a winner by.

const BOOKKEEPING = /(^|[/_.\s-])(lr|learning[_.\s-]?rate|epoch|step|global[_.\s-]?step|time|duration|throughput|samples|tokens|batch|grad[_.\s-]?norm|momentum|memory|mem|gpu|cpu)s?($|[/_.\s-])/i;
const EVALUATION = [[/(^|[/_.\s-])(val|valid|validation|eval|evaluation|dev)($|[/_.\s-])/i, 10], [/(^|[/_.\s-])test($|[/_.\s-])/i, 8]];
const OBJECTIVE = [[/loss/i, 5], [/acc(uracy)?/i, 4], [/(^|[/_.\s-])(f1|auc|roc|map|bleu|rouge|score|r2)($|[/_.\s-])/i, 3],
  [/(err(or)?|perplexity|ppl|mse|mae|rmse)/i, 2]];

export const isBookkeeping = (key) => key.startsWith('system/') || BOOKKEEPING.test(key);

function score(key) {
  if (isBookkeeping(key)) return -1;
  const evaluation = (EVALUATION.find(([re]) => re.test(key)) || [null, 0])[1];
  const objective = (OBJECTIVE.find(([re]) => re.test(key)) || [null, 0])[1];
  return evaluation + objective;
}

/** The metric a sweep is most likely judged by: validation loss before accuracy before train loss, …; null if none. */
export function primaryMetric(keys) {
  const ranked = keys.map((key) => ({ key, score: score(key) })).filter((k) => k.score >= 0)
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  return ranked.length ? ranked[0].key : null;
}
