import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, OPTIONS } from '../../src/config.js';
import { isTimeZone } from '../../src/time.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults: no credentials needed to start', () => {
    const config = loadConfig({ env: { HOME: '/home/ana' } });
    expect(config).toEqual({
      dbPath:
        process.platform === 'linux' ? '/home/ana/.local/share/wa-archive/archive.db' : expect.any(String),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      defaultCountry: 'BR',
      importRoots: [process.cwd()],
      readOnly: false,
      logLevel: 'info',
      mediaUrl: 'https://media.green-api.com',
      instances: [],
    });
  });

  it('follows XDG_DATA_HOME and expands ~ in WA_ARCHIVE_DB', () => {
    if (process.platform === 'linux') {
      expect(loadConfig({ env: { HOME: '/home/ana', XDG_DATA_HOME: '/data' } }).dbPath).toBe(
        '/data/wa-archive/archive.db',
      );
    }
    expect(loadConfig({ env: { HOME: '/home/ana', WA_ARCHIVE_DB: '~/arquivo.db' } }).dbPath).toBe(
      join('/home/ana', 'arquivo.db'),
    );
    expect(loadConfig({ env: { WA_ARCHIVE_DB: '/srv/wa.db' } }).dbPath).toBe('/srv/wa.db');
  });

  it('treats empty values as unset', () => {
    const config = loadConfig({
      env: { WA_ARCHIVE_TIMEZONE: '', LOG_LEVEL: '', WA_ARCHIVE_DEFAULT_COUNTRY: '' },
    });
    expect(config.logLevel).toBe('info');
    expect(config.defaultCountry).toBe('BR');
  });

  it('reads a single instance and normalises the country code', () => {
    const config = loadConfig({
      env: {
        GREEN_API_ID_INSTANCE: '1101000001',
        GREEN_API_TOKEN_INSTANCE: 'd75b3a66374942c5b3c019c698abc2067e151558acbd412345',
        GREEN_API_URL: 'https://7105.api.greenapi.com',
        WA_ARCHIVE_DEFAULT_COUNTRY: 'pt',
      },
    });
    expect(config.instances).toEqual([
      {
        idInstance: '1101000001',
        token: 'd75b3a66374942c5b3c019c698abc2067e151558acbd412345',
        apiUrl: 'https://7105.api.greenapi.com',
        name: undefined,
      },
    ]);
    expect(config.defaultCountry).toBe('PT');
  });

  it('reads several instances from GREEN_API_INSTANCES JSON, adding the single one first', () => {
    const config = loadConfig({
      env: {
        GREEN_API_INSTANCES: JSON.stringify([
          { idInstance: 1101000002, apiTokenInstance: 'token-of-the-second', name: 'Oficina' },
          {
            idInstance: '1101000003',
            apiTokenInstance: 'token-of-the-third',
            apiUrl: 'https://1101.api.greenapi.com',
          },
        ]),
        GREEN_API_ID_INSTANCE: '1101000001',
        GREEN_API_TOKEN_INSTANCE: 'token-of-the-first',
      },
    });
    expect(config.instances.map((i) => [i.idInstance, i.token, i.apiUrl, i.name])).toEqual([
      ['1101000001', 'token-of-the-first', 'https://api.green-api.com', undefined],
      ['1101000002', 'token-of-the-second', 'https://api.green-api.com', 'Oficina'],
      ['1101000003', 'token-of-the-third', 'https://1101.api.greenapi.com', undefined],
    ]);
  });

  it('does not list an instance twice when the single one is also in the JSON list', () => {
    const config = loadConfig({
      env: {
        GREEN_API_INSTANCES: JSON.stringify([
          { idInstance: '1101000001', apiTokenInstance: 'token-from-list', name: 'Loja' },
        ]),
        GREEN_API_ID_INSTANCE: '1101000001',
        GREEN_API_TOKEN_INSTANCE: 'token-from-single',
      },
    });
    expect(config.instances).toHaveLength(1);
    expect(config.instances[0]!.name).toBe('Loja');
  });

  it.each([
    ['not JSON', '{oops', /GREEN_API_INSTANCES \(--instances\): is not valid JSON/],
    [
      'an object instead of a list',
      '{"idInstance":"1","apiTokenInstance":"abcdefghij"}',
      /GREEN_API_INSTANCES.*expected array/,
    ],
    ['an empty list', '[]', /GREEN_API_INSTANCES.*>=1/],
    [
      'a missing token',
      '[{"idInstance":"1101"}]',
      /GREEN_API_INSTANCES \(--instances\) \[0\.apiTokenInstance\]/,
    ],
    [
      'a bad id',
      '[{"idInstance":"abc","apiTokenInstance":"abcdefghij"}]',
      /\[0\.idInstance\]: idInstance must be digits/,
    ],
    ['a bad url', '[{"idInstance":"1","apiTokenInstance":"abcdefghij","apiUrl":"nope"}]', /\[0\.apiUrl\]/],
  ])('rejects GREEN_API_INSTANCES with %s', (_name, value, message) => {
    expect(configError(() => loadConfig({ env: { GREEN_API_INSTANCES: value } })).message).toMatch(message);
  });

  it('lists every problem at once, each with its variable and flag', () => {
    const error = configError(() =>
      loadConfig({
        env: {
          WA_ARCHIVE_TIMEZONE: 'Mars/Olympus',
          LOG_LEVEL: 'loud',
          GREEN_API_URL: 'not a url',
          WA_ARCHIVE_DEFAULT_COUNTRY: 'Brazil',
          WA_ARCHIVE_READ_ONLY: 'maybe',
          GREEN_API_ID_INSTANCE: 'abc',
        },
      }),
    );
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    for (const pattern of [
      /WA_ARCHIVE_TIMEZONE \(--timezone\): not an IANA time zone/,
      /LOG_LEVEL \(--log-level\): .*"debug"/,
      /GREEN_API_URL \(--green-api-url\)/,
      /WA_ARCHIVE_DEFAULT_COUNTRY \(--default-country\): must be a two-letter country code/,
      /WA_ARCHIVE_READ_ONLY \(--read-only\): expected true\/false, got "maybe"/,
      /GREEN_API_ID_INSTANCE \(--id-instance\): must be the digits of idInstance/,
      /GREEN_API_ID_INSTANCE and GREEN_API_TOKEN_INSTANCE must be set together/,
    ]) {
      expect(
        lines.filter((l) => pattern.test(l)),
        String(pattern),
      ).toHaveLength(1);
    }
    expect(lines).toHaveLength(8);
    expect(error.hint).toMatch(/--help/);
  });

  it('requires the id and the token of an instance together', () => {
    expect(
      configError(() => loadConfig({ env: { GREEN_API_TOKEN_INSTANCE: 'abcdefghijkl' } })).message,
    ).toMatch(/must be set together/);
    expect(configError(() => loadConfig({ env: { GREEN_API_ID_INSTANCE: '1101' } })).message).toMatch(
      /must be set together/,
    );
  });

  it('never repeats a token in its errors', () => {
    const token = 'tok3n';
    const error = configError(() =>
      loadConfig({ env: { GREEN_API_ID_INSTANCE: '1101', GREEN_API_TOKEN_INSTANCE: token } }),
    );
    expect(error.message).toMatch(/GREEN_API_TOKEN_INSTANCE \(--token-instance\): looks too short/);
    expect(error.message).not.toContain(token);
    const listed = configError(() =>
      loadConfig({
        env: {
          GREEN_API_INSTANCES: JSON.stringify([{ idInstance: 'x', apiTokenInstance: 'secret-token-123' }]),
        },
      }),
    );
    expect(listed.message).not.toContain('secret-token-123');
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    [' on ', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['off', false],
  ])('reads WA_ARCHIVE_READ_ONLY=%j as %s', (value, expected) => {
    expect(loadConfig({ env: { WA_ARCHIVE_READ_ONLY: value } }).readOnly).toBe(expected);
  });

  it('rejects an invalid time zone and accepts IANA zones', () => {
    expect(configError(() => loadConfig({ env: { WA_ARCHIVE_TIMEZONE: 'Mars/Olympus' } })).message).toMatch(
      /WA_ARCHIVE_TIMEZONE.*not an IANA time zone/,
    );
    expect(loadConfig({ env: { WA_ARCHIVE_TIMEZONE: 'America/Sao_Paulo' } }).timeZone).toBe(
      'America/Sao_Paulo',
    );
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('GMT+3')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('gives flags precedence over the environment, and the environment over .env', () => {
    const dir = tmp.path('project');
    mkdirSync(dir);
    writeFileSync(
      join(dir, '.env'),
      [
        'WA_ARCHIVE_TIMEZONE=Europe/Berlin',
        'LOG_LEVEL=debug',
        'WA_ARCHIVE_DB=from-dotenv.db',
        'WA_ARCHIVE_READ_ONLY=yes',
        '',
      ].join('\n'),
    );
    const fromDotenv = loadConfig({ env: {}, cwd: dir });
    expect(fromDotenv.timeZone).toBe('Europe/Berlin');
    expect(fromDotenv.logLevel).toBe('debug');
    expect(fromDotenv.dbPath).toBe('from-dotenv.db');
    expect(fromDotenv.readOnly).toBe(true);

    const envWins = loadConfig({ env: { LOG_LEVEL: 'warn', WA_ARCHIVE_READ_ONLY: 'false' }, cwd: dir });
    expect(envWins.logLevel).toBe('warn');
    expect(envWins.readOnly).toBe(false);
    expect(envWins.timeZone).toBe('Europe/Berlin');

    const flagsWin = loadConfig({
      env: { LOG_LEVEL: 'warn', WA_ARCHIVE_TIMEZONE: 'Asia/Tokyo' },
      flags: { LOG_LEVEL: 'error', WA_ARCHIVE_DB: '/srv/flag.db' },
      cwd: dir,
    });
    expect(flagsWin.logLevel).toBe('error');
    expect(flagsWin.dbPath).toBe('/srv/flag.db');
    expect(flagsWin.timeZone).toBe('Asia/Tokyo');
  });

  it('reports a bad value from .env like one from the environment', () => {
    const dir = tmp.path('bad-dotenv');
    mkdirSync(dir);
    writeFileSync(join(dir, '.env'), 'LOG_LEVEL=loud\n');
    expect(configError(() => loadConfig({ env: {}, cwd: dir })).message).toMatch(/LOG_LEVEL/);
    // Without a cwd, .env is not read at all.
    expect(loadConfig({ env: {} }).logLevel).toBe('info');
  });

  it('resolves import roots against the working directory', () => {
    const dir = tmp.path('roots');
    mkdirSync(dir);
    const config = loadConfig({
      env: { HOME: '/home/ana', WA_ARCHIVE_IMPORT_ROOTS: 'exports:~/Downloads::/abs' },
      cwd: dir,
    });
    expect(config.importRoots).toEqual([join(dir, 'exports'), '/home/ana/Downloads', '/abs']);
    expect(loadConfig({ env: {}, cwd: dir }).importRoots).toEqual([dir]);
  });

  it('documents every option with a flag, a help text and a default', () => {
    for (const [name, option] of Object.entries(OPTIONS)) {
      expect(option.flag, name).toMatch(/^--[a-z-]+$/);
      expect(option.help.length, name).toBeGreaterThan(10);
      expect(option, name).toHaveProperty('default');
    }
  });
});
