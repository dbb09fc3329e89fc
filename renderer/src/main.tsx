import { createRoot } from 'react-dom/client';
import { installHttpBridge } from './bridge';
import { App } from './App';
import './styles.css';

// In Electron the preload has already defined window.shipshape; in a browser we talk HTTP.
installHttpBridge();
createRoot(document.getElementById('root')!).render(<App />);
