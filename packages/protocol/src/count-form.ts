// Internal: how format version 2 writes a count of milli-units: nothing for 0, tenths when it
// is a whole number of them (1 like = 10, 1 impression at weight 0.1 = 1), else milli-units.

/** 0: zero (no value follows), 1: tenths, 2: milli-units. 3 is not a form. */
export type CountForm = 0 | 1 | 2;

export function countForm(milli: number): CountForm {
  if (milli === 0) return 0;
  return milli % 100 === 0 ? 1 : 2;
}

/** The varint that follows for a count of this form. */
export function formValue(milli: number, form: CountForm): number {
  return form === 1 ? milli / 100 : milli;
}
