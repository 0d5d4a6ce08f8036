import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../../src/errors.js';
import { resolveChats, resolveContact } from '../../src/linking/resolve.js';
import { Store } from '../../src/store/index.js';
import { JOAO_LID, seedCorpus, type Corpus } from '../helpers/corpus.js';
import { tempDir, thrown } from '../helpers/tmp.js';

const tmp = tempDir();
let store: Store;
let corpus: Corpus;

beforeAll(() => {
  store = Store.open(tmp.path('archive.db'));
  corpus = seedCorpus(store);
});

afterAll(() => {
  store.close();
  tmp.cleanup();
});

const chats = (input: string) =>
  resolveChats(store, input, 'BR')
    .map((c) => c.id)
    .sort((a, b) => a - b);
const contacts = (input: string) =>
  resolveContact(store, input, 'BR')
    .contacts.map((c) => c.id)
    .sort((a, b) => a - b);

describe('resolveChats', () => {
  it('finds a chat by archive id, with or without #', () => {
    expect(chats(String(corpus.chats.maria))).toEqual([corpus.chats.maria]);
    expect(chats(`#${corpus.chats.groupBoi}`)).toEqual([corpus.chats.groupBoi]);
  });

  it('finds a chat by its WhatsApp id', () => {
    expect(chats('120363025555555555@g.us')).toEqual([corpus.chats.groupBoi]);
    expect(chats('553198765432@c.us')).toEqual([corpus.chats.joaoOld]);
  });

  it.each([
    '+55 (31) 99876-5432',
    '5531998765432',
    '31 99876-5432',
    '31 9876-5432',
    '553198765432',
    '\u202a+55 31 99876\u20115432\u202c',
  ])('finds every private chat of a phone written as %j, on every number', (phone) => {
    expect(chats(phone)).toEqual([corpus.chats.joao, corpus.chats.joaoOld].sort((a, b) => a - b));
  });

  it('finds a landline chat', () => {
    expect(chats('(31) 3344-5566')).toEqual([corpus.chats.boiRest]);
  });

  it('finds chats by part of the name, case-insensitively', () => {
    expect(chats('boi gaucho x bma')).toEqual([corpus.chats.groupBoi]);
    expect(chats('BMA')).toEqual([corpus.chats.groupBoi, corpus.chats.groupForn].sort((a, b) => a - b));
    expect(chats('Maria')).toEqual([corpus.chats.maria, corpus.chats.mariaSouza].sort((a, b) => a - b));
  });

  it('says what to do when nothing matches', () => {
    for (const input of ['Padaria Pão Quente', '+55 41 99999-0000', 'nobody@c.us', '#999999']) {
      const error = thrown(() => resolveChats(store, input, 'BR'));
      expect(error, input).toBeInstanceOf(NotFoundError);
      expect(error.message).toContain('No chat matches');
      expect((error as NotFoundError).hint).toMatch(/list_chats/);
    }
    expect(thrown(() => resolveChats(store, '  ', 'BR'))).toBeInstanceOf(InputError);
  });
});

describe('resolveContact', () => {
  const joao = () => [corpus.contacts.joao1, corpus.contacts.joao2].sort((a, b) => a - b);

  it.each(['+55 (31) 99876-5432', '5531998765432', '31 99876-5432', '31 9876-5432', '+55 31 9876-5432'])(
    'finds one person on every number from the phone %j',
    (phone) => {
      expect(contacts(phone)).toEqual(joao());
      expect(resolveContact(store, phone, 'BR')).toMatchObject({
        name: 'João Silva',
        phone: '+5531998765432',
      });
    },
  );

  it('finds the person behind a @c.us id, an old id, a @lid id or a private chat id', () => {
    expect(contacts('5531998765432@c.us')).toEqual(joao());
    expect(contacts('553198765432@c.us')).toEqual(joao());
    expect(contacts(JOAO_LID)).toEqual(joao());
    expect(contacts(String(corpus.chats.joao))).toEqual(joao());
  });

  it('finds a person by name, treating one person on two numbers as one', () => {
    expect(contacts('joão')).toEqual(joao());
    expect(contacts('João Silva')).toEqual(joao());
    expect(contacts('Maria Oliveira')).toEqual([corpus.contacts.maria]);
  });

  it('lists the candidates of an ambiguous name', () => {
    const error = thrown(() => resolveContact(store, 'Maria', 'BR'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      '"Maria" matches 2 contacts: Maria Oliveira (+55 21 98765-4321); Maria Souza (+55 11 91234-5678).',
    );
    expect((error as InputError).hint).toMatch(/phone number/);
  });

  it('refuses a group where a contact is expected', () => {
    const error = thrown(() => resolveContact(store, '120363025555555555@g.us', 'BR'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/is a group chat, not a contact/);
    expect(thrown(() => resolveContact(store, `#${corpus.chats.groupForn}`, 'BR')).message).toMatch(
      /group chat/,
    );
  });

  it('says what to do when nothing matches', () => {
    const byPhone = thrown(() => resolveContact(store, '+55 41 99999-0000', 'BR'));
    expect(byPhone).toBeInstanceOf(NotFoundError);
    expect(byPhone.message).toBe('No contact with phone +55 41 99999-0000 is in the archive.');
    const byName = thrown(() => resolveContact(store, 'Padaria', 'BR'));
    expect(byName).toBeInstanceOf(NotFoundError);
    expect((byName as NotFoundError).hint).toMatch(/list_chats/);
    expect(thrown(() => resolveContact(store, '+999 1234-5678', 'BR')).message).toBe(
      '"+999 1234-5678" is not a valid phone number.',
    );
    expect(thrown(() => resolveContact(store, '', 'BR'))).toBeInstanceOf(InputError);
  });
});
