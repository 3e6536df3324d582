import { yaml } from '@codemirror/lang-yaml';
import { type Diagnostic, linter, lintGutter, setDiagnostics } from '@codemirror/lint';
import type { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useRef } from 'react';

/** A problem the server found, at its line and column (1-based). */
export interface LineProblem {
  line?: number;
  column?: number;
  path?: string;
  message: string;
}

// lint is part of the editor's own configuration (a source of null: the problems come from the
// server), so it survives the editor component reconfiguring itself
const extensions = [yaml(), linter(null), lintGutter()];

/**
 * A YAML text editor (plans, drill scenarios) that marks each problem on its line, in the
 * gutter and under the text. Loaded only by the screens that edit.
 */
export default function YamlEditor(props: {
  value: string;
  onChange: (v: string) => void;
  problems: LineProblem[];
  height?: string;
  testId?: string;
  /** the line to bring into view (a problem clicked in the list) */
  focusLine?: { line: number; at: number };
}) {
  const view = useRef<EditorView | null>(null);
  const { problems, value, focusLine } = props;

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const doc = v.state.doc;
    const diagnostics: Diagnostic[] = problems
      .filter((p) => p.line !== undefined)
      .map((p) => {
        const line = doc.line(Math.min(Math.max(p.line ?? 1, 1), doc.lines));
        const from = Math.min(line.from + Math.max((p.column ?? 1) - 1, 0), line.to);
        return {
          from,
          to: Math.max(from, line.to),
          severity: 'error',
          message: p.path ? `${p.path}: ${p.message}` : p.message,
        };
      });
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [problems]);

  useEffect(() => {
    const v = view.current;
    if (!v || !focusLine) return;
    const line = v.state.doc.line(Math.min(Math.max(focusLine.line, 1), v.state.doc.lines));
    v.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
    v.focus();
  }, [focusLine]);

  return (
    <div
      data-testid={props.testId}
      style={{ border: '1px solid #d9d9d9', borderRadius: 6, overflow: 'hidden' }}
    >
      <CodeMirror
        value={value}
        height={props.height ?? '480px'}
        extensions={extensions}
        onChange={props.onChange}
        onCreateEditor={(v) => {
          view.current = v;
        }}
        basicSetup={{ foldGutter: true, highlightActiveLine: true }}
      />
    </div>
  );
}
