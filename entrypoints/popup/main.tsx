import '../../src/config/zod-setup';
import '../../src/ui/styles.css';
import { render } from 'preact';
import { PopupApp } from '../../src/ui/popup-app';

const root = document.getElementById('app');
if (root) render(<PopupApp />, root);
