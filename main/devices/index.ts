/**
 * The device layer as the rest of main/ sees it. Simulators are left out on purpose: they are
 * for development and tests and import them from './simulators' directly.
 */
export * from './labels';
export * from './printers';
export * from './scales';
