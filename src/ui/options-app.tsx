import { ConnectionLine } from './components/connection-line';
import { useBackgroundReachable } from './hooks/use-background';

export function OptionsApp() {
  const background = useBackgroundReachable();
  return (
    <main style={{ maxWidth: '720px', margin: '24px auto', font: '15px system-ui, sans-serif' }}>
      <h1>Docketwise ⇄ MyCase — Settings</h1>
      <ConnectionLine background={background} />
    </main>
  );
}
