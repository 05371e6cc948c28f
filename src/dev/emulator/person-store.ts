/** The emulator's people DB (reference §8.8): persons, tags and thumbnail uploads, per workspace. */
export interface EmThumbnail {
  id: number;
  key: string;
  isPrimary: boolean;
}
export interface EmPerson {
  id: number;
  workspace: string;
  name: string | null;
  description: string | null;
  tagIds: number[];
  thumbnails: EmThumbnail[];
  assetCount: number;
  sceneCount: number;
  createdAt: number;
  /** Set once merged into another person: it no longer exists for reads. */
  mergedInto?: number;
}
export interface EmTag {
  id: number;
  workspace: string;
  name: string;
  createdAt: number;
}

export class PersonStore {
  readonly persons = new Map<number, EmPerson>();
  readonly tags = new Map<number, EmTag>();
  /** Thumbnail upload keys issued by presigned-url, true once "uploaded" (the emulator takes every key as uploaded). */
  readonly uploads = new Map<string, boolean>();
  private nextPersonId = 1101;
  private nextTagId = 401;
  private nextThumbnailId = 3101;
  private nextUpload = 1;

  person(workspace: string, id: number): EmPerson | undefined {
    const person = this.persons.get(id);
    return person && person.workspace === workspace && person.mergedInto === undefined ? person : undefined;
  }

  personsOf(workspace: string): EmPerson[] {
    return [...this.persons.values()].filter((p) => p.workspace === workspace && p.mergedInto === undefined);
  }

  tagsOf(workspace: string): EmTag[] {
    return [...this.tags.values()].filter((t) => t.workspace === workspace).sort((a, b) => a.id - b.id);
  }

  addPerson(
    workspace: string,
    fields: { name: string | null; description: string | null; thumbnails: Array<{ key: string; isPrimary: boolean }> },
    now: number,
    id?: number,
  ): EmPerson {
    const person: EmPerson = {
      id: id ?? this.nextPersonId++,
      workspace,
      name: fields.name,
      description: fields.description,
      tagIds: [],
      thumbnails: [],
      assetCount: 0,
      sceneCount: 0,
      createdAt: now,
    };
    this.addThumbnails(person, fields.thumbnails);
    this.persons.set(person.id, person);
    return person;
  }

  addThumbnails(person: EmPerson, thumbnails: Array<{ key: string; isPrimary: boolean }>): void {
    for (const t of thumbnails) {
      if (t.isPrimary) for (const existing of person.thumbnails) existing.isPrimary = false;
      person.thumbnails.push({ id: this.nextThumbnailId++, key: t.key, isPrimary: t.isPrimary });
    }
  }

  addTag(workspace: string, name: string, now: number, id?: number): EmTag {
    const tag: EmTag = { id: id ?? this.nextTagId++, workspace, name, createdAt: now };
    this.tags.set(tag.id, tag);
    return tag;
  }

  /** Moves counts and thumbnails to `target`; the merged persons disappear (irreversible). */
  merge(target: EmPerson, others: EmPerson[]): void {
    for (const other of others) {
      target.assetCount += other.assetCount;
      target.sceneCount += other.sceneCount;
      target.thumbnails.push(...other.thumbnails.map((t) => ({ ...t, isPrimary: false })));
      other.mergedInto = target.id;
    }
  }

  issueUpload(workspace: string, fileName: string): string {
    const key = `${workspace}/person-thumbnails/${this.nextUpload++}-${fileName}`;
    this.uploads.set(key, true);
    return key;
  }
}
