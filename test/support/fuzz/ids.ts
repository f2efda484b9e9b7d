import type { Random } from './random.ts';
import { type FuzzWorld, type OwnedType, ownedTypes } from './tenants.ts';

export const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');

const uuid = (random: Random) => `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-a${random.hex(3)}-${random.hex(12)}`;

// Argument names that do not say their type, by the root field they belong to.
const idTypeByFieldSuffix: Record<string, string> = { Reply: 'Message' };
const idTypeByKey: Record<string, string> = { parentId: 'Category', categoryId: 'Category' };
const verbs = /^(create|update|delete|transition|regenerate|recategorize|categorize|tag|generate|predict|send|record|receive)/;

/**
 * The node type an ID position names, from its key ("businessId") or, for a bare `id`, from the
 * root field ("updateCampaign", "content"); undefined when any node will do (node, nodes).
 */
export function idTargetOf(rootField: string, path: readonly (string | number)[], nodeTypes: readonly string[]): string | undefined {
  const key = [...path].reverse().find((step): step is string => typeof step === 'string') ?? '';
  const known = (name: string | undefined) => (name && nodeTypes.includes(name) ? name : undefined);
  if (idTypeByKey[key]) return idTypeByKey[key];
  if (key.endsWith('Id') && key !== 'id') return known(capitalise(key.slice(0, -2)));
  const subject = rootField.replace(verbs, '');
  return known(idTypeByFieldSuffix[subject] ?? capitalise(subject));
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Real and broken global IDs for the generator: the attacker's own, the victim's, and malformed ones. */
export class IdPool {
  constructor(
    private readonly world: FuzzWorld,
    private readonly random: Random,
  ) {}

  /** A real ID of the attacker's (or a shared one); for deletions a well-formed ID of nothing, so the attacker's graph survives. */
  own(typename: string | undefined, { forDelete = false } = {}): string {
    const type = typename ?? this.random.pick(ownedTypes);
    if (forDelete) return globalId(type, uuid(this.random));
    if (isOwned(type)) return this.world.attacker.ids[type];
    const shared = this.world.shared[type as keyof FuzzWorld['shared']];
    return shared?.length ? this.random.pick(shared) : globalId(type, uuid(this.random));
  }

  /** A real ID of the victim's: of the expected type when the victim owns one, else of any type. */
  foreign(typename: string | undefined): string {
    const type = typename && isOwned(typename) ? typename : this.random.pick(ownedTypes);
    return this.world.victim.ids[type];
  }

  allForeign(): string[] {
    return ownedTypes.map((type) => this.world.victim.ids[type]);
  }

  allOwn(): string[] {
    return ownedTypes.map((type) => this.world.attacker.ids[type]);
  }

  /** An ID that is wrong in one of many ways (malformed, wrong type, empty, huge, not a string). */
  bad(typename: string | undefined): unknown {
    const random = this.random;
    const type = typename ?? 'Business';
    const otherType = random.pick(ownedTypes.filter((owned) => owned !== type));
    const cases: (() => unknown)[] = [
      () => '',
      () => ' ',
      () => 'x'.repeat(10_240),
      () => globalId(type, 'a'.repeat(10_240)),
      () => '!!!not-base64!!!',
      () => '====',
      () => this.own(type).slice(0, -3),
      () => globalId(type, ''),
      () => Buffer.from(type).toString('base64'),
      () => globalId('', uuid(random)),
      () => globalId('NoSuchType', uuid(random)),
      () => globalId(type, uuid(random)),
      () => this.world.attacker.ids[otherType],
      () => this.world.victim.ids[otherType],
      () => globalId(type, `${uuid(random)}\u0000`),
      () => globalId(type, "1' OR '1'='1"),
      () => globalId(type, '../../etc/passwd'),
      () => Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3]).toString('base64'),
      () => 'ünïcødé-ïd',
      () => `${this.own(type)}\u0000`,
      () => this.own(type).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
      () => ` ${this.own(type)} `,
      () => random.int(-1_000_000, 1_000_000),
      () => 2 ** 53 + 1,
    ];
    return random.pick(cases)();
  }
}

const isOwned = (type: string): type is OwnedType => (ownedTypes as readonly string[]).includes(type);
