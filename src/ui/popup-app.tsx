import { ConnectionLine } from './components/connection-line';
import { useBackgroundReachable } from './hooks/use-background';

export function PopupApp() {
  const background = useBackgroundReachable();
  return (
    <main style={{ minWidth: '320px', font: '14px system-ui, sans-serif', padding: '12px' }}>
      <h1 style={{ fontSize: '16px', margin: '0 0 8px' }}>Docketwise ⇄ MyCase</h1>
      <ConnectionLine background={background} />
      <p>
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          Settings and sync log
        </a>
      </p>
    </main>
  );
}
