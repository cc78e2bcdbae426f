// A run's notes: Markdown shown rendered, editable by whoever may write. A run logged through MLflow keeps
// its note in the tag mlflow.note.content; it is shown as the notes when the run has none of its own, and
// saving writes both, so MLflow's clients and UI read the same text.
import { api } from './api.js';
import { canWrite } from './access.js';
import { h, errorBox } from './format.js';
import { renderMarkdown } from './markdown.js';

export const MLFLOW_NOTE = 'mlflow.note.content';

export function noteText(run) {
  return run.notes || (run.tags || {})[MLFLOW_NOTE] || '';
}

/** The notes box of a run; getRun/setRun read and replace the page's copy of the run after a save. */
export function notesBox(getRun, setRun) {
  const box = h('div', { class: 'notes', id: 'notes' });

  function show() {
    const text = noteText(getRun());
    const view = text ? renderMarkdown(text) : h('p', { class: 'muted small', text: 'No notes.' });
    view.id = 'notes-view';
    const actions = h('div', { class: 'row-actions' });
    box.replaceChildren(view, actions);
    canWrite().then((allowed) => {
      box.dataset.writable = String(allowed);
      if (allowed) actions.append(h('button', { class: 'btn btn-small', id: 'notes-edit', text: text ? 'Edit' : 'Add notes', onclick: edit }));
    });
  }

  function edit() {
    const run = getRun();
    const area = h('textarea', { id: 'run-notes', rows: '8', placeholder: 'What was this run about? Markdown works.', 'aria-label': 'Notes' });
    area.value = noteText(run);
    const status = h('span', { class: 'muted small' });
    const save = h('button', { class: 'btn btn-small btn-primary', id: 'save-notes', text: 'Save notes', onclick: async () => {
      save.disabled = true;
      try {
        let saved = await api.updateRun(run.run_id, { notes: area.value });
        if (MLFLOW_NOTE in (run.tags || {})) saved = await api.setRunTags(run.run_id, { [MLFLOW_NOTE]: area.value });
        setRun(saved);
        show();
      } catch (e) {
        save.disabled = false;
        status.replaceChildren(errorBox(e));
      }
    } });
    area.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) save.click();
      if (event.key === 'Escape') show();
    });
    box.replaceChildren(area, h('div', { class: 'row-actions' }, save,
      h('button', { class: 'btn btn-small btn-ghost', id: 'cancel-notes', text: 'Cancel', onclick: show }), status));
    area.focus();
  }

  show();
  return box;
}
