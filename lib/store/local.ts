import { randomBytes } from 'node:crypto';
import { type Dirent, readFileSync } from 'node:fs';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { type EvidenceStore, ObjectExistsError, ObjectNotFoundError } from './types.js';

const SAFE_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * A folder as a write-once store. Objects are written to a temporary name and hard-linked into
 * place, so an object is either absent or whole, and an existing one is never replaced; files are
 * read-only.
 */
export class LocalFolderStore implements EvidenceStore {
  readonly location: string;
  private readonly createdDirs = new Set<string>();

  constructor(readonly root: string) {
    this.location = root;
  }

  private pathOf(key: string): string {
    if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) {
      throw new Error(`The object key "${key}" is not a safe relative path.`);
    }
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Uint8Array | string): Promise<'written' | 'exists'> {
    const path = this.pathOf(key);
    const dir = dirname(path);
    if (!this.createdDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.createdDirs.add(dir);
    }
    const temporary = `${path}.${randomBytes(6).toString('hex')}.partial`;
    await writeFile(temporary, bytes, { mode: 0o444, flag: 'wx' });
    try {
      await link(temporary, path);
      return 'written';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = await readFile(path);
      if (existing.equals(Buffer.from(bytes))) return 'exists';
      throw new ObjectExistsError(`${key} already exists in ${this.location} with other content; a write-once store does not overwrite.`);
    } finally {
      await unlink(temporary);
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      // Synchronous on purpose: fs.promises.readFile costs several thread-pool round trips per file,
      // which made reading a run's small objects back ~30x slower than this (see docs/PERFORMANCE.md).
      return readFileSync(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new ObjectNotFoundError(`${key} is not in ${this.location}.`, { cause: error });
      }
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const start = join(this.root, ...prefix.split('/').filter(Boolean));
    let entries: Dirent[];
    try {
      entries = await readdir(start, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const keys: string[] = [];
    for (const entry of entries) {
      // Directories are not objects; a leftover `.partial` of a crashed write still is, so verification sees it.
      if (entry.isDirectory()) continue;
      keys.push(relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/'));
    }
    return keys.sort();
  }

  async listRuns(): Promise<string[]> {
    try {
      const entries = await readdir(join(this.root, 'runs'), { withFileTypes: true });
      return entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
