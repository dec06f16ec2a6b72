// The upgrade registry is the host's (core/upgrade.ts: the core imports nothing from http/). This
// re-export keeps the kinds' imports stable while they are being split into definition and implementation.
export { takeUpgrade } from '../core/upgrade.ts';
