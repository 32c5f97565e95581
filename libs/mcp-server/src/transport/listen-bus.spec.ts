import { describe, expect, it } from '@jest/globals';
import {
  InMemoryServerEventBus,
  type ServerEvent,
} from '@modelcontextprotocol/server';
import { reaches } from '../resource/update-target.js';
import { ListenBus, type TargetedServerEvent } from './listen-bus.js';

const alice = { issuer: 'https://idp.example', subject: 'alice' };
const bob = { issuer: 'https://idp.example', subject: 'bob' };

describe('ListenBus (targeted change events)', () => {
  it('delivers a targeted event only to the streams opened by that identity', () => {
    const bus = new ListenBus(new InMemoryServerEventBus());
    const heard = {
      alice: [] as string[],
      bob: [] as string[],
      all: [] as string[],
    };
    const record = (into: string[]) => (event: ServerEvent) =>
      into.push(event.kind === 'resource_updated' ? event.uri : event.kind);
    bus.within(alice, () => bus.subscribe(record(heard.alice)));
    bus.within(bob, () => bus.subscribe(record(heard.bob)));
    bus.subscribeAll(record(heard.all));

    bus.publish({
      kind: 'resource_updated',
      uri: 'notes://a',
      target: { subject: 'alice' },
    });
    bus.publish({ kind: 'resource_updated', uri: 'notes://b', target: bob });
    bus.publish({ kind: 'tools_list_changed' });

    expect(heard.alice).toEqual(['notes://a', 'tools_list_changed']);
    expect(heard.bob).toEqual(['notes://b', 'tools_list_changed']);
    expect(heard.all).toEqual(['notes://a', 'notes://b', 'tools_list_changed']);
  });

  it('a stream opened without an identity hears untargeted events only', () => {
    const bus = new ListenBus(new InMemoryServerEventBus());
    const heard: ServerEvent[] = [];
    bus.within(undefined, () => bus.subscribe((event) => heard.push(event)));
    bus.publish({ kind: 'resource_updated', uri: 'notes://a', target: alice });
    bus.publish({ kind: 'resources_list_changed' });
    expect(heard).toEqual([{ kind: 'resources_list_changed' }]);
  });

  it('the target is plain data: it survives the JSON a shared pub/sub would carry', () => {
    const event: TargetedServerEvent = {
      kind: 'resource_updated',
      uri: 'notes://a',
      target: { subject: 'alice', issuer: alice.issuer },
    };
    const carried = JSON.parse(JSON.stringify(event)) as TargetedServerEvent;
    expect(reaches(carried.target, alice)).toBe(true);
    expect(reaches(carried.target, bob)).toBe(false);
  });
});

describe('reaches (who an update may reach)', () => {
  it.each([
    [undefined, alice, true],
    [undefined, undefined, true],
    [{ subject: 'alice' }, alice, true],
    [{ subject: 'alice' }, bob, false],
    [{ subject: 'alice' }, undefined, false],
    [{ subject: 'alice', issuer: alice.issuer }, alice, true],
    [{ subject: 'alice', issuer: 'https://other.example' }, alice, false],
  ])('target %p, owner %p: %p', (target, owner, expected) => {
    expect(reaches(target, owner)).toBe(expected);
  });
});
