/**
 * The one file of a `POST /targets/import` upload, spooled to a temporary file as it arrives: the
 * importer reads a file more than once, and an upload held in memory would grow with it. The byte
 * limit (IMPORT_UPLOAD_MAX_BYTES) stops the upload as soon as it is passed.
 */
import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TargetFileSource, targetFileAt } from '@app/platform/target-import/target-file';

export interface SpooledUpload {
  readonly file: TargetFileSource;
  /** Removes the temporary file; call it once the import is over, however it ended. */
  discard(): Promise<void>;
}

export async function spoolUpload(request: FastifyRequest, maxBytes: number): Promise<SpooledUpload> {
  if (!request.isMultipart()) throw new UnsupportedMediaTypeException('send the file as multipart/form-data');
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (!part) throw new BadRequestException({ field: 'file', reason: 'is required: a .csv or .xlsx file' });
  const dir = await mkdtemp(join(tmpdir(), 'dsr-upload-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'upload');
  try {
    await pipeline(part.file, createWriteStream(path));
    if (part.file.truncated) throw new PayloadTooLargeException({ field: 'file', reason: `is larger than the upload limit of ${maxBytes} bytes` });
  } catch (error) {
    await discard();
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new PayloadTooLargeException({ field: 'file', reason: `is larger than the upload limit of ${maxBytes} bytes` });
    throw error;
  }
  return { file: targetFileAt(path, part.filename), discard };
}
