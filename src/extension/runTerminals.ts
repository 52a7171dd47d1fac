import * as vscode from 'vscode';
import type { EngineEvent } from '../core/events';
import type { RunResult } from '../core/run/types';
import { runFooter, runHeader, terminalName, toTerminalText } from './terminalText';

/** Older finished terminals beyond this many are closed, so a long loop does not pile them up. */
const KEPT_TERMINALS = 8;

/**
 * Shows each run of solution.py in its own terminal, fed by the engine's output events. The
 * process is the engine's (full capture, exit code, tree kill), not the user's shell. Runs are
 * told apart by scope (the event's direction, or the caller's) as well as iteration and attempt,
 * since parallel directions count their iterations each from 1.
 */
export class RunTerminals implements vscode.Disposable {
  private readonly runs: { key: string; pty: RunPseudoterminal; terminal: vscode.Terminal }[] = [];

  /** `interrupt` is called on Ctrl+C in a running terminal: it stops the loop. */
  constructor(private readonly interrupt: () => void) {}

  /** `scope` names the runs' terminals; by default the direction the event comes from. */
  handle(event: EngineEvent, scope: string | undefined = event.direction): void {
    switch (event.type) {
      case 'run-started': {
        const pty = new RunPseudoterminal(this.interrupt);
        const terminal = vscode.window.createTerminal({
          name: terminalName(event.iteration, event.attempt, scope),
          pty,
          iconPath: new vscode.ThemeIcon('beaker'),
          isTransient: true,
        });
        this.runs.push({ key: runKey(scope, event.iteration, event.attempt), pty, terminal });
        pty.write(runHeader(event));
        terminal.show(true);
        this.closeOldest();
        break;
      }
      case 'output':
        this.find(runKey(scope, event.iteration, event.attempt))?.write(toTerminalText(event.chunk));
        break;
      case 'run-finished':
        this.find(runKey(scope, event.iteration, event.attempt))?.finish(event.result);
        break;
    }
  }

  private find(key: string): RunPseudoterminal | undefined {
    return this.runs.findLast((run) => run.key === key)?.pty;
  }

  private closeOldest(): void {
    while (this.runs.length > KEPT_TERMINALS) {
      const index = this.runs.findIndex((run) => !run.pty.running);
      if (index < 0) return;
      this.runs.splice(index, 1)[0]?.terminal.dispose();
    }
  }

  dispose(): void {
    for (const run of this.runs.splice(0)) run.terminal.dispose();
  }
}

class RunPseudoterminal implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writes.event;
  /** Text written before VS Code opened the terminal; it would be lost otherwise. */
  private buffered: string[] | null = [];
  running = true;

  constructor(private readonly interrupt: () => void) {}

  open(): void {
    const pending = this.buffered ?? [];
    this.buffered = null;
    for (const text of pending) this.writes.fire(text);
  }

  close(): void {
    // Closing the terminal only hides the output; the run goes on, logged to execution_logs.txt.
  }

  handleInput(data: string): void {
    if (this.running && data.includes('\x03')) {
      this.write('^C\r\n');
      this.interrupt();
    }
  }

  write(text: string): void {
    if (this.buffered) this.buffered.push(text);
    else this.writes.fire(text);
  }

  finish(result: RunResult): void {
    this.running = false;
    this.write(runFooter(result));
  }
}

function runKey(scope: string | undefined, iteration: number, attempt: number): string {
  return JSON.stringify([scope ?? null, iteration, attempt]);
}
