/** An error in a template or in its evaluation: ARM answers it with 400 InvalidTemplate. */
export class TemplateError extends Error {
  constructor(
    message: string,
    /** Where in the template the problem is, e.g. "resources[2].properties.name" (ARM's TemplateViolation path). */
    readonly path = '',
  ) {
    super(message);
  }
}
