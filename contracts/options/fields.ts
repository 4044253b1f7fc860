import { z } from 'zod';

/*
 * Field schemas the option schemas share, each with one message that completes a sentence about
 * the field ("--max-markets must be a positive integer", "max_markets: must be a positive integer").
 */

/** An integer ≥ 1. */
export const positiveInt = () => z.number({ error: 'must be a positive integer' }).int({ error: 'must be a positive integer' }).min(1, { error: 'must be a positive integer' });
/** An integer ≥ 0. */
export const nonNegativeInt = () => z.number({ error: 'must be an integer ≥ 0' }).int({ error: 'must be an integer ≥ 0' }).min(0, { error: 'must be an integer ≥ 0' });
/** A finite number > 0. */
export const positiveNumber = () => z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' });
/** A finite number ≥ 0. */
export const nonNegativeNumber = () => z.number({ error: 'must be a number ≥ 0' }).min(0, { error: 'must be a number ≥ 0' });
/** An absolute http(s) URL with a host. */
export const httpUrl = () => z.string({ error: 'must be an http(s) URL' }).max(2048).regex(/^https?:\/\/[^\s/]+\S*$/, { error: 'must be an http(s) URL' });
/** A path to a file, as given. */
export const filePath = () => z.string().min(1).max(1024);
