/** Sign-in's public surface for the background (see handlers.ts for the wiring). */
export { connectFailureMessage, connectionTestMessage, createAuthHandlers, createBrowserAuth, toUiAccount } from './handlers';
export type { AccountView, AuthHandlers, AuthHandlerDeps, BrowserAuthOptions, ConnectResult, ConnectionIdentity, DirectCredentialsResult, TestConnection, UiAccount } from './handlers';
export { DIRECT_MODE_WARNING } from './direct-credentials';
export type { DirectCredentials } from './direct-credentials';
export { AuthInputError, OAuthFlowError, TokenExchangeError } from './errors';
export type { TokenSource } from './token-source';
export type { AccountState, AccountStatus, AuthMode } from './token-store';
