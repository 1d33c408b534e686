import { useState } from 'preact/hooks';
import { productName } from '../format';
import type { ActionResult, Product } from '../view-types';
import { ActionMessage } from './action-message';

export interface DirectCredentialsFormProps {
  idPrefix: string;
  /** The auth layer's warning, shown verbatim. */
  warning: string;
  result: ActionResult;
  onSave: (product: Product, credentials: { clientId: string; clientSecret: string }) => void;
  onClear: (product: Product) => void;
}

/**
 * Direct mode: the firm's own OAuth client. The secret is cleared from the form once handed
 * over, so it lives only in the background's storage, never in the page's state.
 */
export function DirectCredentialsForm({ idPrefix, warning, result, onSave, onClear }: DirectCredentialsFormProps) {
  const [product, setProduct] = useState<Product>('mycase');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <details class="direct">
      <summary>Use our firm's own API credentials</summary>
      <p class="warning" id={`${idPrefix}-warning`}>
        {warning}
      </p>
      <p class="hint">The standard sign-in keeps the secret on our token service instead, so use this only if your firm's IT asks for it. After saving, connect the account again.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (clientId.trim() === '' || clientSecret === '') {
            setMissing(true);
            return;
          }
          setMissing(false);
          onSave(product, { clientId: clientId.trim(), clientSecret });
          setClientSecret('');
        }}
      >
        <fieldset>
          <legend>Account</legend>
          {(['docketwise', 'mycase'] as const).map((p) => (
            <span key={p} class="choice-inline">
              <input type="radio" id={`${idPrefix}-${p}`} name={`${idPrefix}-product`} checked={product === p} onChange={() => setProduct(p)} />
              <label for={`${idPrefix}-${p}`}>{productName[p]}</label>
            </span>
          ))}
        </fieldset>
        <label for={`${idPrefix}-client-id`}>Client id</label>
        <input id={`${idPrefix}-client-id`} type="text" autoComplete="off" spellcheck={false} value={clientId} onInput={(e) => setClientId(e.currentTarget.value)} />
        <label for={`${idPrefix}-client-secret`}>Client secret</label>
        <input
          id={`${idPrefix}-client-secret`}
          type="password"
          autoComplete="off"
          aria-describedby={`${idPrefix}-warning`}
          value={clientSecret}
          onInput={(e) => setClientSecret(e.currentTarget.value)}
        />
        {missing && <p role="alert" class="problem">Enter both the client id and the client secret.</p>}
        <div class="buttons">
          <button type="submit">Save {productName[product]} credentials</button>
          <button type="button" onClick={() => onClear(product)}>
            Go back to the standard sign-in for {productName[product]}
          </button>
        </div>
        <ActionMessage result={result} working="Saving…" testId="direct-result" />
      </form>
    </details>
  );
}
