// Internal: hand-written guards for the fields the client checks, mirroring schema-parts.ts.
import { number, text, whole } from './guard.ts';
import { MAX_CONTEXT_LENGTH, MAX_COUNT, MAX_NAME_LENGTH } from './limits.ts';
import { CLIENT_ID } from './text-rules.ts';

export const name = text(1, MAX_NAME_LENGTH);
export const context = text(0, MAX_CONTEXT_LENGTH);
export const clientId = text(8, 64, CLIENT_ID, 'A-Z a-z 0-9 _ -');
export const count = number(0, MAX_COUNT);
export const total = number(0);
export const unit = number(0, 1);
export const seq = whole(1);
export const version = whole();
export const epochMs = whole(0, 8.64e15);
