import type { InputFieldBuilder, InputFieldMap } from '@pothos/core';
import { builder } from './builder.ts';

type Types = typeof builder.$inferSchemaTypes;
export type InputFields = InputFieldBuilder<Types, 'InputObject'>;

/**
 * `Create<Name>Input` and `Update<Name>Input` from one list of fields: what create requires is
 * optional on update, which also takes the object's `id`.
 */
export function createAndUpdateInputs<Shared extends InputFieldMap, CreateOnly extends InputFieldMap = {}, UpdateOnly extends InputFieldMap = {}>(
  name: string,
  {
    fields,
    createOnly = () => ({}) as CreateOnly,
    updateOnly = () => ({}) as UpdateOnly,
    updateDescription,
  }: {
    fields: (t: InputFields, onCreate: boolean) => Shared;
    createOnly?: (t: InputFields) => CreateOnly;
    updateOnly?: (t: InputFields) => UpdateOnly;
    updateDescription?: string;
  },
) {
  return {
    create: builder.inputType(`Create${name}Input`, { fields: (t) => ({ ...createOnly(t), ...fields(t, true) }) }),
    update: builder.inputType(`Update${name}Input`, {
      description: updateDescription,
      fields: (t) => ({ id: t.id({ required: true }), ...updateOnly(t), ...fields(t, false) }),
    }),
  };
}

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Repeat a request with the same key to get the first result without paying twice: 8 to 128 letters, digits or . _ : -';
