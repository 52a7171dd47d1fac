import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDivider,
  vsCodeProgressRing,
} from '@vscode/webview-ui-toolkit';

/**
 * The only module that knows the component library. @vscode/webview-ui-toolkit is archived
 * upstream; swapping it (e.g. for @vscode-elements/elements) means rewriting this file only.
 */
// No vscode-badge: its template binds a style attribute, which the page's CSP refuses.
provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDivider(), vsCodeProgressRing());

export interface ButtonOptions {
  appearance?: 'primary' | 'secondary';
  ariaLabel?: string;
  className?: string;
  onClick: () => void;
}

export function button(label: string, options: ButtonOptions): HTMLElement {
  const element = document.createElement('vscode-button');
  element.textContent = label;
  element.setAttribute('appearance', options.appearance ?? 'secondary');
  if (options.ariaLabel) element.setAttribute('aria-label', options.ariaLabel);
  if (options.className) element.className = options.className;
  element.addEventListener('click', (event) => {
    event.stopPropagation();
    options.onClick();
  });
  return element;
}

export function divider(): HTMLElement {
  return document.createElement('vscode-divider');
}

export function progressRing(label: string): HTMLElement {
  const element = document.createElement('vscode-progress-ring');
  element.setAttribute('aria-label', label);
  return element;
}
