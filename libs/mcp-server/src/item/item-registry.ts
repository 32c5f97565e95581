import { McpServerConfigError } from '../mcp-server.errors.js';
import type { McpItem } from './mcp-item.js';

/** A property of an item that no two items of a registry may share. */
export interface UniqueKey<D> {
  /** How error messages name it, in the plural (`names`, `URIs`). */
  readonly label: string;
  readonly of: (item: D) => string;
}

/**
 * The items of one kind (tools, resources, resource templates, prompts), filled once at boot by the
 * explorer. The first unique key is the one `get` looks up and `all` sorts by; an item sharing any
 * unique key with another fails boot with both locations.
 */
export class ItemRegistry<D extends McpItem> {
  private readonly items = new Map<string, D>();
  private readonly taken: Map<string, D>[];
  private sorted: readonly D[] | undefined;
  private added = 0;

  constructor(
    /** The kind, as error messages name it (`tool`, `resource template`). */
    private readonly kind: string,
    private readonly uniqueKeys: readonly [UniqueKey<D>, ...UniqueKey<D>[]],
  ) {
    this.taken = uniqueKeys.map(() => new Map<string, D>());
  }

  /** Adds an item; one sharing a unique key with an earlier one fails boot naming both. */
  add(item: D): void {
    this.uniqueKeys.forEach((key, index) => {
      const value = key.of(item);
      const existing = this.taken[index].get(value);
      if (existing) {
        throw new McpServerConfigError(
          `${this.kind} "${value}"`,
          `declared twice, in ${existing.declaredAt} and ${item.declaredAt}; ${this.kind} ${key.label} must be unique`,
        );
      }
    });
    this.uniqueKeys.forEach((key, index) =>
      this.taken[index].set(key.of(item), item),
    );
    this.items.set(this.uniqueKeys[0].of(item), item);
    this.sorted = undefined;
    this.added++;
  }

  /** Changes whenever an item is added (what was derived from `all()` is then stale). */
  get version(): number {
    return this.added;
  }

  /** The item whose first unique key is `key`, if any. */
  get(key: string): D | undefined {
    return this.items.get(key);
  }

  /** The first unique key of every item, in order. */
  keys(): string[] {
    return this.all().map((item) => this.uniqueKeys[0].of(item));
  }

  /** Every item, in key order (so lists are deterministic). */
  all(): readonly D[] {
    this.sorted ??= Object.freeze(
      [...this.items.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, item]) => item),
    );
    return this.sorted;
  }
}
