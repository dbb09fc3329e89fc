import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import boundaries of eslint.config.js, through ESLint's own API on snippets: each rule must
 * fire on an import across its boundary and stay quiet on the imports the layer is allowed.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary messages a snippet gets as the file at `filePath` (other rules left out). */
async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, `${filePath} should parse`).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

async function expectRefused(filePath: string, code: string, reason: RegExp) {
  const messages = await boundaryMessages(filePath, code);
  expect(messages, `${filePath}: ${code}`).toHaveLength(1);
  expect(messages[0]).toMatch(reason);
}

async function expectAllowed(filePath: string, code: string) {
  expect(await boundaryMessages(filePath, code), `${filePath}: ${code}`).toEqual([]);
}

describe('import boundaries (eslint.config.js)', () => {
  it('renderer: not main/, not preload/, not Electron, not Node; shared/ and its own files are fine', async () => {
    const file = 'renderer/src/components/Example.tsx';
    await expectRefused(file, "import { openApp } from '../../../main/app';", /window\.shipshape/);
    await expectRefused(file, "import type { Core } from '../../../main/core';", /window\.shipshape/);
    await expectRefused(file, "import '../../../preload/index';", /window\.shipshape/);
    await expectRefused(file, "import { readFileSync } from 'node:fs';", /no Node built-ins/);
    await expectRefused(file, "import path from 'path';", /no Node built-ins/);
    await expectRefused(file, "import { ipcRenderer } from 'electron';", /preload bridge/);
    await expectAllowed(file, "import type { MethodName } from '../../../shared/api';\nimport { useQuery } from '../hooks';\nimport { useState } from 'react';");
  });

  it('shared: only shared/ files and zod', async () => {
    await expectRefused('shared/example.ts', "import type { App } from '../main/app';", /only shared\/ files/);
    await expectRefused('shared/api/example.ts', "import { call } from '../../renderer/src/bridge';", /only shared\/ files/);
    await expectRefused('shared/example.ts', "import { createHash } from 'node:crypto';", /no Node built-ins/);
    await expectRefused('shared/example.ts', "import { EventEmitter } from 'events';", /no Node built-ins/);
    await expectRefused('shared/example.ts', "import { useState } from 'react';", /only other shared\/ files and zod/);
    await expectAllowed('shared/api/example.ts', "import { z } from 'zod';\nimport { ORDER_STATUSES } from '../statuses';\nimport type { AppEvent } from './contract';");
  });

  it('domain: no HTTP, no server/api/cli/electron, no composition root; the store, utilities, shared and Node files are fine', async () => {
    const file = 'main/domain/orders/example.ts';
    await expectRefused(file, "import type { IncomingMessage } from 'node:http';", /does not speak HTTP/);
    await expectRefused(file, "import { request } from 'https';", /does not speak HTTP/);
    await expectRefused(file, "import { readBody } from '../../server/http-util';", /does not know its transports/);
    await expectRefused(file, "import { registerOrders } from '../../api/orders';", /does not know its transports/);
    await expectRefused(file, "import { app } from 'electron';", /without Electron/);
    await expectRefused(file, "import type { App } from '../../app';", /composition root/);
    await expectRefused('main/domain/orders/intake/example.ts', "import { buildServices } from '../../../services';", /composition root/);
    await expectRefused(file, "import { App } from '../../../renderer/src/App';", /never by importing it/);
    await expectAllowed(
      file,
      "import { readFileSync } from 'node:fs';\nimport type { Core } from '../../core';\nimport type { ChannelRow } from '../../store/schema';\nimport { csvLine } from '../../util/csv';\nimport type { OrderStatus } from '../../../shared/api/orders';\nimport { createOrders } from './index';\nimport { parseShopifyOrderWebhook } from './intake/index';",
    );
  });

  it('server and the rest of main: HTTP, the domain and the app are theirs, the renderer is not', async () => {
    await expectAllowed('main/server/example.ts', "import type { IncomingMessage } from 'node:http';\nimport type { App } from '../app';\nimport { openWebhookDelivery } from '../domain/orders/webhooks';");
    await expectRefused('main/server/example.ts', "import { useQuery } from '../../renderer/src/hooks';", /never by importing it/);
  });

  it('Electron: only main/electron/, main/index.ts and main/window.ts import it (types anywhere in main)', async () => {
    const electronMessages = async (filePath: string, code: string) => {
      const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
      return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
    };
    expect(await electronMessages('main/server/example.ts', "import { BrowserWindow } from 'electron';")).toEqual([expect.stringMatching(/CLI and the station server run without it/)]);
    expect(await electronMessages('main/cli/example.ts', "import { app } from 'electron';")).toHaveLength(1);
    expect(await electronMessages('main/devices/printers/example.ts', "import type { BrowserWindow } from 'electron';")).toEqual([]);
    expect(await electronMessages('main/electron/example.ts', "import { app, Menu } from 'electron';")).toEqual([]);
    expect(await electronMessages('main/index.ts', "import { app } from 'electron';")).toEqual([]);
  });

  it('preload: the contract in shared/ only, nothing from main/ or renderer/', async () => {
    await expectRefused('preload/index.ts', "import type { App } from '../main/app';", /imports nothing from main\//);
    await expectRefused('preload/index.ts', "import { call } from '../renderer/src/bridge';", /imports nothing from main\//);
    await expectAllowed('preload/index.ts', "import { contextBridge } from 'electron';\nimport type { AppEvent } from '../shared/api';");
  });

  it('the files that moved stay on their side: the webhook domain code and its HTTP adapter lint clean', async () => {
    const results = await eslint.lintFiles(['main/domain/orders/webhooks.ts', 'main/server/webhook-routes.ts', 'main/events.ts', 'shared/events.ts']);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`))).toEqual([]);
  });
});
