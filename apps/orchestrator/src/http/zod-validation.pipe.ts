import { PipeTransform } from '@nestjs/common';
import { ZodType } from 'zod';
import { EnrollmentError, ErrorCode } from '@app/enrollment';

/** Validates a body or query with the same schema the worker uses; the message names every bad field. */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown): T {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    const details = result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
    throw EnrollmentError.permanent(ErrorCode.ValidationFailed, details);
  }
}
