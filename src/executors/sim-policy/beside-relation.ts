import type { Side } from '../../domain/spatial.js';

/** Where an object is to stand relative to one or two anchors. */
export type BesideRelation = 'nextTo' | Side | 'between';
