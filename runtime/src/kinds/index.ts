// The built-in kinds' definitions. The compiler registers them the way it registers extensions;
// nothing here imports an implementation.
import type { KindDefinition } from '../core/kind.ts';
import block from './block.ts';
import cache from './cache.ts';
import forKind from './for.ts';
import fork from './fork.ts';
import gateway from './gateway.ts';
import http from './http.ts';
import ifKind from './if.ts';
import listener from './listener.ts';
import merge from './merge.ts';
import nop from './nop.ts';
import pipe from './pipe.ts';
import print from './print.ts';
import proxy from './proxy.ts';
import reduce from './reduce.ts';
import retry from './retry.ts';
import router from './router.ts';
import scan from './scan.ts';
import session from './session.ts';
import signal from './signal.ts';
import sleep from './sleep.ts';
import snippet from './snippet.ts';
import split from './split.ts';
import sql from './sql.ts';
import step from './step.ts';
import switchKind from './switch.ts';
import syscall from './syscall.ts';
import throwKind from './throw.ts';
import tryKind from './try.ts';
import websocket from './websocket.ts';
import testKind from './test.ts';
import assertKind from './assert.ts';

export const builtinKinds: readonly KindDefinition<never>[] = [block, cache, forKind, fork, gateway, http, ifKind, listener, merge, nop, pipe, print, proxy, reduce, retry, router, scan, session, signal, sleep, snippet, split, sql, step, switchKind, syscall, throwKind, tryKind, websocket, testKind, assertKind] as KindDefinition<never>[];

/** The definition every user-defined chart kind is built from (the compiler expands chart nodes). */
export { default as chartKind } from './chart.ts';

/** Kinds that exist only in test builds: a production build leaves their nodes out (`flowc test` runs them). */
export const TEST_KINDS: ReadonlySet<string> = new Set(['test', 'assert']);

/** What a test build puts in place of a mocked node (not a kind a spec can name). */
export { default as mockKind } from './mock.ts';
