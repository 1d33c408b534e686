import '../../src/config/zod-setup';
import '../../src/ui/styles.css';
import { render } from 'preact';
import { OptionsApp } from '../../src/ui/options-app';

const root = document.getElementById('app');
if (root) render(<OptionsApp />, root);
