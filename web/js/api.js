// The only module that knows the server's URLs. Every call resolves to parsed JSON or rejects with an
// ApiError carrying the server's {error_code, message}.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// Sent on every call: with cookie auth the server refuses writes without it, and no other site can add it
// to a request from this browser without a CORS grant the server never gives.
const CSRF = { 'X-Sextant-CSRF': '1' };

/** Fired when the server answers 401: app.js shows the token prompt. */
function loginRequired(response) {
  if (response.status === 401) window.dispatchEvent(new CustomEvent('sextant:login-required'));
}

async function request(method, url, body, signal) {
  const init = { method, headers: { ...CSRF }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return read(fetch(url, init));
}

/** A fetch's response (a promise) as every call answers: parsed JSON, or an ApiError. */
async function read(responding) {
  let response;
  try {
    response = await responding;
  } catch (e) {
    throw new ApiError(0, 'NETWORK_ERROR', 'the server did not answer: ' + e.message);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { /* a non-JSON body is reported below */ }
  if (!response.ok) {
    loginRequired(response);
    const message = json && json.message ? json.message : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, json && json.error_code || 'HTTP_' + response.status, message);
  }
  return json;
}

const enc = encodeURIComponent;
const encPath = (path) => path.split('/').map(enc).join('/');

export const api = {
  /** A request already sent (runs-request.js asks for a runs table's first page before this module is in). */
  read,
  login: (token) => request('POST', '/api/v1/auth/login', { token }),
  logout: () => request('POST', '/api/v1/auth/logout'),
  whoami: () => request('GET', '/api/v1/auth/whoami'),
  createShareLink: (runIds, expiresInS) => request('POST', '/api/v1/share', { run_ids: runIds, expires_in_s: expiresInS }),

  // The model registry, through the MLflow routes the server serves for MLflow's own web UI.
  searchRegisteredModels: () => request('GET', '/ajax-api/2.0/mlflow/registered-models/search?max_results=1000'),
  getRegisteredModel: (name) => request('GET', `/ajax-api/2.0/mlflow/registered-models/get?name=${enc(name)}`),
  /** The versions of the model {@code name}, or (name null) the versions registered from the run {@code runId}. */
  searchModelVersions: (name, runId) => request('GET', '/ajax-api/2.0/mlflow/model-versions/search?max_results=1000&filter='
    + enc(name != null ? `name = "${name}"` : `run_id = '${runId}'`)),

  listSweeps: (experimentId) => request('GET', `/api/v1/sweeps?experiment_id=${enc(experimentId)}`),
  getSweep: (id) => request('GET', `/api/v1/sweeps/${enc(id)}`),
  createSweep: (experimentId, name, config) => request('POST', '/api/v1/sweeps', { experiment_id: experimentId, name, config }),
  sweepTrials: (id) => request('GET', `/api/v1/sweeps/${enc(id)}/trials`),
  sweepImportance: (id) => request('GET', `/api/v1/sweeps/${enc(id)}/importance`),
  // action: 'pause' | 'resume' | 'stop'
  changeSweep: (id, action) => request('POST', `/api/v1/sweeps/${enc(id)}/${enc(action)}`),

  listExperiments: (view = 'active') => request('GET', `/api/v1/experiments?view=${enc(view)}`),
  getExperiment: (id) => request('GET', `/api/v1/experiments/${enc(id)}`),
  createExperiment: (name, description) => request('POST', '/api/v1/experiments', { name, description }),
  renameExperiment: (id, name) => request('PATCH', `/api/v1/experiments/${enc(id)}`, { name }),
  deleteExperiment: (id) => request('DELETE', `/api/v1/experiments/${enc(id)}`),
  restoreExperiment: (id) => request('POST', `/api/v1/experiments/${enc(id)}/restore`),

  /** `signal` (an AbortSignal, optional) ends the request: the server stops writing an answer nobody reads. */
  searchRuns: (body, signal) => request('POST', '/api/v1/runs/search', body, signal),
  getRun: (id) => request('GET', `/api/v1/runs/${enc(id)}`),
  /** Many runs in one search request, in the order asked; a missing id is an error like getRun's. */
  getRuns: async (ids) => {
    if (!ids.length) return [];
    const quoted = ids.map((id) => `'${String(id).replace(/'/g, "''")}'`).join(', ');
    const page = await request('POST', '/api/v1/runs/search',
      { filter: `attributes.run_id IN (${quoted})`, view: 'all', max_results: ids.length });
    const byId = new Map((page.runs || []).map((run) => [run.run_id, run]));
    return ids.map((id) => {
      const run = byId.get(id);
      if (!run) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `run '${id}' does not exist`);
      return run;
    });
  },
  updateRun: (id, fields) => request('PATCH', `/api/v1/runs/${enc(id)}`, fields),
  setRunTags: (id, tags) => request('PUT', `/api/v1/runs/${enc(id)}/tags`, { tags }),
  deleteRun: (id) => request('DELETE', `/api/v1/runs/${enc(id)}`),
  restoreRun: (id) => request('POST', `/api/v1/runs/${enc(id)}/restore`),
  deleteRunTag: (id, key) => request('DELETE', `/api/v1/runs/${enc(id)}/tags/${enc(key)}`),

  metricEnvelope: (runId, key, { buckets = 1000, fromStep, toStep } = {}) => {
    let url = `/api/v1/runs/${enc(runId)}/metrics/${encPath(key)}?buckets=${buckets}`;
    if (fromStep != null) url += `&from_step=${Math.floor(fromStep)}`;
    if (toStep != null) url += `&to_step=${Math.ceil(toStep)}`;
    return request('GET', url);
  },
  queryMetrics: (runIds, keys, { buckets = 1000, fromStep, toStep } = {}) => {
    const body = { run_ids: runIds, keys, buckets };
    if (fromStep != null) body.from_step = Math.floor(fromStep);
    if (toStep != null) body.to_step = Math.ceil(toStep);
    return request('POST', '/api/v1/metrics/query', body);
  },

  /** Group statistics (POST /api/v1/metrics/groups); body as the API takes it. */
  metricGroups: (body) => request('POST', '/api/v1/metrics/groups', body),
  /** One run's series bucketed by an x metric (x = 'metric:<key>'). */
  metricByX: (runId, key, x, { buckets = 1000 } = {}) =>
    request('GET', `/api/v1/runs/${enc(runId)}/metrics/${encPath(key)}?x=${enc(x)}&buckets=${buckets}`),
  listViews: (experimentId) => request('GET', `/api/v1/experiments/${enc(experimentId)}/views`),
  createView: (experimentId, name, state, isDefault) =>
    request('POST', `/api/v1/experiments/${enc(experimentId)}/views`, { name, state, is_default: isDefault }),
  updateView: (experimentId, viewId, fields) => request('PUT', `/api/v1/experiments/${enc(experimentId)}/views/${enc(viewId)}`, fields),
  deleteView: (experimentId, viewId) => request('DELETE', `/api/v1/experiments/${enc(experimentId)}/views/${enc(viewId)}`),

  listArtifacts: (runId, prefix = '') =>
    request('GET', `/api/v1/runs/${enc(runId)}/artifacts?prefix=${enc(prefix)}`),
  artifactUrl: (runId, path) => `/api/v1/runs/${enc(runId)}/artifacts/${encPath(path)}`,
  /**
   * Fetches at most maxBytes of an artifact as text: {text, truncated, totalBytes}. A 206 answer that covers the
   * whole file (Content-Range: bytes 0-161/162) is the whole file.
   */
  artifactText: async (runId, path, maxBytes) => {
    const response = await fetch(`/api/v1/runs/${enc(runId)}/artifacts/${encPath(path)}`,
      { headers: { Range: `bytes=0-${maxBytes - 1}` } });
    if (!response.ok && response.status !== 206) {
      loginRequired(response);
      throw new ApiError(response.status, 'HTTP_' + response.status, `${response.status} ${response.statusText}`);
    }
    const buffer = await response.arrayBuffer();
    const bytes = new Uint8Array(buffer).subarray(0, maxBytes);
    const range = /\/(\d+)\s*$/.exec(response.headers.get('Content-Range') || '');
    const totalBytes = response.status === 206 && range ? Number(range[1]) : buffer.byteLength;
    const truncated = totalBytes > bytes.length;
    // stream: a cut may fall inside a multi-byte character, which then is left out rather than mangled.
    return { text: new TextDecoder().decode(bytes, { stream: truncated }), truncated, totalBytes };
  },

  /** The server-rendered PNG of one metric for these runs, drawn with the same options and colours as the page. */
  chartPngUrl: (runIds, key, { x = 'step', smooth = 0, logY = false, band = true, width = 1200, height = 600, colors = [] } = {}) => {
    const xParam = { step: 'step', relative: 'relative_time', wall: 'wall_time' }[x] || 'step';
    const runParams = runIds.map((id) => `run_id=${enc(id)}`).concat(colors.map((color) => `color=${enc(color)}`)).join('&');
    return `/api/v1/charts/metric.png?${runParams}&key=${enc(key)}&x=${xParam}&smoothing=${smooth}`
      + `&log_y=${logY}&band=${band}&width=${width}&height=${height}`;
  },
};
