import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { satisfiesCaretRange } from './caret-range.mjs';
import { dependencyProblems } from './dependency-rules.mjs';
import { LIBRARIES } from './libraries.mjs';
import { publishedManifest } from './published-manifest.mjs';

const readJson = async (file) => JSON.parse(await readFile(file, 'utf8'));

const rootManifest = {
  dependencies: { jose: '^6.2.18', '@nestjs/common': '^12.5.1' },
  devDependencies: { typescript: '~6.0.3' },
};
const lockPackages = {
  'node_modules/jose': { version: '6.2.18' },
  'node_modules/@nestjs/common': { version: '12.5.1' },
};
const library = (extra) => ({
  name: '@nest-mcp/example',
  dependencies: { jose: '^6.2.18' },
  peerDependencies: { '@nestjs/common': '^12.0.0' },
  ...extra,
});
const check = (manifest, importedPackages = ['jose', '@nestjs/common']) =>
  dependencyProblems({
    manifest,
    rootManifest,
    lockPackages,
    importedPackages,
  });

describe('dependency declarations of the libraries', () => {
  it('accepts the libraries of this workspace as they are', async () => {
    const root = await readJson('package.json');
    const { packages } = await readJson('package-lock.json');
    for (const { dir } of LIBRARIES) {
      const manifest = await readJson(join('libs', dir, 'package.json'));
      const declared = [
        ...Object.keys(manifest.dependencies ?? {}),
        ...Object.keys(manifest.peerDependencies ?? {}),
      ];
      expect(
        dependencyProblems({
          manifest,
          rootManifest: root,
          lockPackages: packages,
          importedPackages: declared,
        }),
      ).toEqual([]);
    }
  });

  it('accepts a library in step with the workspace', () => {
    expect(check(library())).toEqual([]);
  });

  it('reports a dependency range that drifted from the root package.json', () => {
    expect(check(library({ dependencies: { jose: '^6.1.0' } }))).toEqual([
      '@nest-mcp/example: dependency jose "^6.1.0" differs from the root package.json ("^6.2.18")',
    ]);
  });

  it('reports a dependency the root package.json does not have', () => {
    expect(
      check(library({ dependencies: { jose: '^6.2.18', ky: '^1.0.0' } })),
    ).toEqual([
      '@nest-mcp/example: dependency ky "^1.0.0" differs from the root package.json ("missing")',
    ]);
  });

  it('reports a peer range that excludes the version the workspace tests with', () => {
    expect(
      check(library({ peerDependencies: { '@nestjs/common': '^11.0.0' } })),
    ).toEqual([
      '@nest-mcp/example: peer @nestjs/common "^11.0.0" does not accept the workspace\'s 12.5.1',
    ]);
  });

  it('reports a second HTTP platform peer that is not optional, and meta for no peer', () => {
    const platforms = {
      '@nestjs/common': '^12.0.0',
      '@nestjs/platform-express': '^12.0.0',
      '@nestjs/platform-fastify': '^12.0.0',
    };
    const workspace = {
      rootManifest: {
        ...rootManifest,
        devDependencies: {
          '@nestjs/platform-express': '^12.5.1',
          '@nestjs/platform-fastify': '^12.5.0',
        },
      },
      lockPackages: {
        ...lockPackages,
        'node_modules/@nestjs/platform-express': { version: '12.5.1' },
        'node_modules/@nestjs/platform-fastify': { version: '12.5.0' },
      },
      importedPackages: ['jose', '@nestjs/common'],
    };
    expect(
      dependencyProblems({
        ...workspace,
        manifest: library({
          peerDependencies: platforms,
          peerDependenciesMeta: {
            '@nestjs/platform-fastify': { optional: true },
            zod: { optional: true },
          },
        }),
      }),
    ).toEqual([
      '@nest-mcp/example: peerDependenciesMeta names zod, which is not a peer',
      '@nest-mcp/example: peer @nestjs/platform-express must be optional (peerDependenciesMeta): an app installs only the HTTP platform it uses',
    ]);
    expect(
      dependencyProblems({
        ...workspace,
        manifest: library({
          peerDependencies: platforms,
          peerDependenciesMeta: {
            '@nestjs/platform-express': { optional: true },
            '@nestjs/platform-fastify': { optional: true },
          },
        }),
      }),
    ).toEqual([]);
  });

  it('reports a peer the workspace does not install', () => {
    expect(
      check(
        library({
          peerDependencies: { '@nestjs/common': '^12.0.0', rxjs: '^7.1.0' },
        }),
      ),
    ).toEqual([
      '@nest-mcp/example: peer rxjs is not installed by the root package.json',
    ]);
  });

  it('reports an imported package that is not declared', () => {
    expect(check(library(), ['jose', '@nestjs/common', 'zod'])).toEqual([
      '@nest-mcp/example: imports zod, which its package.json does not declare',
    ]);
  });

  it('reports another @nest-mcp package taken as a dependency instead of a peer', () => {
    expect(
      check(
        library({
          dependencies: { jose: '^6.2.18', '@nest-mcp/auth': '^0.1.0' },
        }),
      ),
    ).toEqual([
      '@nest-mcp/example: @nest-mcp/auth must be a peerDependency, not a dependency',
    ]);
  });
});

describe('satisfiesCaretRange', () => {
  it.each([
    ['12.5.1', '^12.0.0', true],
    ['13.0.0', '^12.0.0', false],
    ['12.0.0', '^12.0.1', false],
    ['4.6.7', '^3.25 || ^4.0', true],
    ['3.24.9', '^3.25 || ^4.0', false],
    ['0.2.2', '^0.2.0', true],
    ['0.3.0', '^0.2.0', false],
    ['1.2.3', '*', true],
  ])('%s in %s: %s', (version, range, expected) => {
    expect(satisfiesCaretRange(version, range)).toBe(expected);
  });

  it('refuses a range syntax it does not understand', () => {
    expect(() => satisfiesCaretRange('1.2.3', '>=1.0.0')).toThrow(
      'unsupported range syntax ">=1.0.0"',
    );
  });
});

describe('publishedManifest', () => {
  it('stamps the workspace version on the package and on its @nest-mcp ranges', () => {
    const published = publishedManifest(
      {
        name: '@nest-mcp/server',
        description: 'd',
        peerDependencies: { '@nest-mcp/auth': '*', zod: '^4.0' },
        dependencies: { jose: '^6.2.18' },
      },
      '1.4.0',
    );
    expect(published).toEqual({
      name: '@nest-mcp/server',
      version: '1.4.0',
      description: 'd',
      keywords: undefined,
      peerDependencies: { '@nest-mcp/auth': '^1.4.0', zod: '^4.0' },
      dependencies: { jose: '^6.2.18' },
    });
    expect(Object.keys(published).slice(0, 2)).toEqual(['name', 'version']);
  });
});
