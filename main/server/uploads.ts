import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { api } from '../../shared/api';
import type { Role } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';
import type { App } from '../app';
import { toAppError, validationError } from '../api/registry';
import { bodyCutOff, bodyTooLarge, DISCARD_LIMIT, sendError, sendJson } from './http-util';

/**
 * Media types of a file upload. Neither is one a cross-site page may send without a CORS
 * preflight (which this server never grants), so a form or `no-cors` fetch cannot reach these.
 */
export const UPLOAD_MEDIA_TYPES = new Set(['text/csv', 'application/octet-stream']);
/** Large product files run to ~60 MB; the body streams to a temp file, never into memory. */
export const UPLOAD_LIMIT = 512 * 1024 * 1024;

export interface UploadMethod {
  /** The method's own input schema without its `content`: the options, sent in the query string. */
  options: z.ZodType;
  /** The audit area of the import (the same one its JSON call is filed under). */
  area: 'catalog' | 'orders';
  run(app: App, options: any, file: string, actor: string): Promise<unknown>;
}

/**
 * Methods that take a whole file: `POST /api/<method>?<options>` with the file as the body
 * (Content-Type text/csv or application/octet-stream) does what the JSON call with `content` does,
 * without the file ever being one string in memory or in a JSON body.
 */
export const UPLOADS: Record<string, UploadMethod> = {
  'catalog.import': {
    area: 'catalog',
    options: api['catalog.import'].input.omit({ content: true }),
    run: (app, o: { format: 'shopify' | 'csv'; skipBadRows: boolean; openingStockBin?: string; openingStockWarehouse?: string }, file) =>
      app.services.inventory.productImport.importFile(o.format, file, {
        skipBadRows: o.skipBadRows,
        openingStock: o.openingStockBin ? { bin: o.openingStockBin, warehouse: o.openingStockWarehouse } : undefined,
      }),
  },
  'orders.import': {
    area: 'orders',
    options: api['orders.import'].input.omit({ content: true }),
    run: async (app, o: { channel: number; format: 'shopify' | 'woocommerce' | 'csv' }, file, actor) => await app.services.orders.importFile(o.channel, o.format, file, actor),
  },
};

/** The sender's file name, reduced to a safe base name; 'upload' when there is none. */
export function uploadName(header: string | string[] | undefined): string {
  let name = '';
  try {
    name = path.basename(decodeURIComponent(typeof header === 'string' ? header : ''));
  } catch {
    // not URI-encoded: no name
  }
  name = name.replace(/[^\w.\- ]/g, '_').slice(0, 100);
  return /^[.\s]*$/.test(name) ? 'upload' : name;
}

export function isUploadMethod(method: string): boolean {
  return Object.hasOwn(UPLOADS, method);
}

/** Query values as the options' types: "true"/"false" are booleans, whole numbers are numbers. */
function queryOptions(url: URL): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) {
    if (key === 'token') continue;
    options[key] = value === 'true' ? true : value === 'false' ? false : /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  }
  return options;
}

/** Streams the body into `file`; an oversized one is read to its end and dropped, then refused with 413. */
function receiveToFile(req: IncomingMessage, file: string, limit: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    let size = 0;
    let overflow = false;
    out.on('error', (err) => {
      overflow = true;
      reject(err);
    });
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (overflow) {
        if (size > limit + DISCARD_LIMIT) reject(bodyTooLarge(limit, true));
        return;
      }
      if (size > limit) {
        overflow = true;
        out.destroy();
        return;
      }
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    });
    req.on('end', () => (overflow ? reject(bodyTooLarge(limit)) : out.end(() => resolve())));
    req.on('error', () => {
      out.destroy();
      reject(bodyCutOff());
    });
  });
}

/** Authorises, validates the options, receives the file, then runs the method's file import. */
export async function handleUpload(app: App, req: IncomingMessage, res: ServerResponse, url: URL, method: string, caller: { actor: string; role: Role }): Promise<void> {
  const upload = UPLOADS[method];
  const spec = api[method as keyof typeof api];
  if (!spec.roles.includes(caller.role)) {
    req.resume();
    return sendError(res, new AppError('FORBIDDEN', `The ${caller.role} role may not call ${method}`, { method, role: caller.role }).toJSON());
  }
  const parsed = upload.options.safeParse(queryOptions(url));
  if (!parsed.success) {
    req.resume();
    return sendError(res, validationError(parsed.error).toJSON());
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shipshape-upload-'));
  try {
    // Named as the user's file (X-File-Name), so the progress bar and the log say which file; its own temp folder holds it.
    const file = path.join(dir, uploadName(req.headers['x-file-name']));
    await receiveToFile(req, file, UPLOAD_LIMIT);
    let data: unknown;
    try {
      data = await upload.run(app, parsed.data, file, caller.actor);
    } catch (err) {
      return sendError(res, toAppError(err, method).toJSON());
    }
    // The upload runs the import service directly, not through the router, so its audit row is written here.
    await app.services.audit.record({ actor: caller.actor, role: caller.role, transport: 'http', area: upload.area, action: method, detail: { ...(parsed.data as object), upload: true, report: data } });
    sendJson(res, 200, { data });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
