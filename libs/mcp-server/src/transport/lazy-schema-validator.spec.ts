import { describe, expect, it } from '@jest/globals';
import { LazySchemaValidator } from './lazy-schema-validator.js';

describe('LazySchemaValidator', () => {
  it('validates with the SDK default (Ajv) once first asked', () => {
    const validate = new LazySchemaValidator().getValidator<{ text: string }>({
      type: 'object',
      properties: { text: { type: 'string', minLength: 1 } },
      required: ['text'],
    });
    expect(validate({ text: 'hi' })).toEqual({
      valid: true,
      data: { text: 'hi' },
      errorMessage: undefined,
    });
    const refused = validate({ text: 3 });
    expect(refused.valid).toBe(false);
    expect(refused.errorMessage).toContain('text');
  });
});
