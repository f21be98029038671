import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temporary folders under the OS temp dir, removed together by {@link TempDirs.removeAll}. */
export class TempDirs {
  private readonly dirs: string[] = [];

  async make(label: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), `ai-evidence-${label}-`));
    this.dirs.push(dir);
    return dir;
  }

  /** Read-only files do not stop removal: deleting a file needs write access to its folder only. */
  async removeAll(): Promise<void> {
    await Promise.all(this.dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  }
}
