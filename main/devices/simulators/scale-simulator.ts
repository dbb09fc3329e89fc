import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SerialPort } from 'serialport';
import { serialPortModule } from '../lazy-modules';
import {
  casFrame,
  garbageBytes,
  mtSicsWeightReply,
  NCI_UNRECOGNISED,
  nciStatusReply,
  nciWeightReply,
  type SimulatedScaleState,
} from './scale-replies';

/**
 * A serial scale on the far end of a real pty pair (socat), so the app's SerialScale runs its
 * real serialport binding. unplug() kills socat, which removes the app's device node exactly
 * like pulling a USB-serial adapter; replug() brings it back on the same path.
 */

export interface ScaleSimulatorOptions {
  protocol: 'nci' | 'mt-sics' | 'continuous';
  /** NCI weight replies in lb (US POS default) or kg. */
  nciUnit?: 'lb' | 'kg';
  /** Frame interval for continuous output. */
  intervalMs?: number;
  baudRate?: number;
  socatPath?: string;
}

export interface ScaleSimulator {
  /** The app's end of the pty pair; give this to SerialScale. */
  path: string;
  /** Load on the platter; the scale shows it minus whatever zero/tare took off. */
  setWeight(grams: number): void;
  setStable(stable: boolean): void;
  setOverload(overload: boolean): void;
  /** While on, every reply (or continuous frame) is replaced with line noise. */
  sendGarbage(enabled?: boolean): void;
  /** While on, requests get no answer at all. */
  setSilent(silent: boolean): void;
  readonly commands: string[];
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

const SOCAT_READY = 'starting data transfer loop';

function startSocat(socatPath: string, appPath: string, devicePath: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const socat = spawn(socatPath, ['-d', '-d', `pty,raw,echo=0,link=${appPath}`, `pty,raw,echo=0,link=${devicePath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    const timer = setTimeout(() => {
      socat.kill('SIGKILL');
      reject(new Error(`socat did not start within 5 s: ${log}`));
    }, 5000);
    socat.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes(SOCAT_READY) && existsSync(appPath) && existsSync(devicePath)) {
        clearTimeout(timer);
        resolve(socat);
      }
    });
    socat.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socat.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited with code ${code}: ${log}`));
    });
  });
}

function stopSocat(socat: ChildProcess | null): Promise<void> {
  if (!socat || socat.exitCode !== null || socat.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    socat.once('exit', () => resolve());
    socat.kill('SIGTERM');
  });
}

function openPort(path: string, baudRate: number): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new (serialPortModule().SerialPort)({ path, baudRate, autoOpen: false });
    port.on('error', () => undefined);
    port.open((error) => (error ? reject(error) : resolve(port)));
  });
}

export async function startScaleSimulator(options: ScaleSimulatorOptions): Promise<ScaleSimulator> {
  const directory = await mkdtemp(join(tmpdir(), 'shipshape-scale-'));
  const appPath = join(directory, 'app');
  const devicePath = join(directory, 'device');
  const socatPath = options.socatPath ?? '/usr/bin/socat';
  const baudRate = options.baudRate ?? 9600;
  const nciUnit = options.nciUnit ?? 'lb';

  let grossGrams = 0;
  let offsetGrams = 0;
  let stable = true;
  let overload = false;
  let garbage = false;
  let silent = false;
  const commands: string[] = [];
  let socat: ChildProcess | null = null;
  let device: SerialPort | null = null;
  let continuousTimer: NodeJS.Timeout | null = null;
  let received = '';

  const state = (): SimulatedScaleState => ({ grams: grossGrams - offsetGrams, stable, overload });

  const reply = (text: string) => {
    if (silent || !device?.isOpen) return;
    device.write(garbage ? garbageBytes() : Buffer.from(text, 'latin1'));
  };

  const answer = (command: string) => {
    commands.push(command);
    if (options.protocol === 'nci') {
      if (command === 'W') return reply(nciWeightReply(state(), nciUnit));
      if (command === 'S') return reply(nciStatusReply(state()));
      if (command === 'Z' || command === 'T') {
        if (stable && !overload) offsetGrams = grossGrams;
        return reply(nciStatusReply(state()));
      }
      return reply(NCI_UNRECOGNISED);
    }
    if (command === 'SI' || command === 'S') return reply(mtSicsWeightReply(state(), command));
    if (command === 'Z' || command === 'ZI') {
      if (overload) return reply(`${command} +\r\n`);
      offsetGrams = grossGrams;
      return reply(command === 'Z' ? 'Z A\r\n' : `ZI ${stable ? 'S' : 'D'}\r\n`);
    }
    if (command === 'T') {
      if (!stable) return reply('T I\r\n');
      const tare = grossGrams - offsetGrams;
      offsetGrams = grossGrams;
      return reply(`T S ${tare.toFixed(2).padStart(10, ' ')} g\r\n`);
    }
    if (command === '@') return reply('I4 A "1234567"\r\n');
    return reply('ES\r\n');
  };

  const onDeviceData = (chunk: Buffer) => {
    received += chunk.toString('latin1');
    // NCI commands end in CR; MT-SICS in CR LF. Splitting on either covers both.
    const parts = received.split(/\r\n|\r|\n/);
    received = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) answer(part.trim());
  };

  const plugIn = async () => {
    socat = await startSocat(socatPath, appPath, devicePath);
    device = await openPort(devicePath, baudRate);
    device.on('data', onDeviceData);
    if (options.protocol === 'continuous') {
      continuousTimer = setInterval(() => {
        if (device?.isOpen && !silent) device.write(garbage ? garbageBytes() : casFrame(state()));
      }, options.intervalMs ?? 50);
    }
  };

  const pullOut = async () => {
    if (continuousTimer) clearInterval(continuousTimer);
    continuousTimer = null;
    const port = device;
    device = null;
    received = '';
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await stopSocat(socat);
    socat = null;
  };

  await plugIn();

  return {
    path: appPath,
    commands,
    setWeight(grams) {
      grossGrams = Math.round(grams);
    },
    setStable(value) {
      stable = value;
    },
    setOverload(value) {
      overload = value;
    },
    sendGarbage(enabled = true) {
      garbage = enabled;
    },
    setSilent(value) {
      silent = value;
    },
    unplug: pullOut,
    async replug() {
      if (socat) return;
      await plugIn();
    },
    async close() {
      await pullOut();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
