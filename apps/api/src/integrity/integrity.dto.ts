import { wholeNumberFromQuery } from '@app/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsISO8601, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';

export class InclusionQueryDto {
  @ApiProperty({ description: 'The event to prove, e.g. from GET /history/:stream' })
  @Matches(/^[A-Za-z0-9-]{1,128}$/, { message: 'eventId must be an event id (a UUID)' })
  eventId!: string;

  @ApiPropertyOptional({ description: 'Size of a published tree head to prove against; the newest head when omitted' })
  @IsOptional()
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'treeSize must be a whole number' })
  @Min(1, { message: 'treeSize must be at least 1' })
  treeSize?: number;
}

export class ConsistencyQueryDto {
  @ApiProperty({ description: 'Size of the older published tree head' })
  @IsDefined({ message: 'from is required: the size of a published tree head' })
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'from must be a whole number' })
  @Min(1, { message: 'from must be at least 1' })
  from!: number;

  @ApiProperty({ description: 'Size of the newer published tree head' })
  @IsDefined({ message: 'to is required: the size of a published tree head' })
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'to must be a whole number' })
  @Min(1, { message: 'to must be at least 1' })
  to!: number;
}

/** Exactly the signed fields: the docs' OpenSSL check re-serialises every member but the signature. */
export class SignedTreeHeadDto {
  @ApiProperty({ description: 'The head covers leaves 0 … treeSize − 1, the first treeSize events of the log' }) treeSize!: number;
  @ApiProperty({ description: 'RFC 9162 Merkle tree hash of those leaves, hex' }) rootHash!: string;
  @ApiProperty() timestamp!: string;
  @ApiProperty({ description: 'SHA-256 of the DER SubjectPublicKeyInfo of the signing key, hex' }) keyId!: string;
  @ApiProperty({ description: 'Ed25519 signature, base64' }) signature!: string;
}

export class TreeHeadPageDto {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [SignedTreeHeadDto], description: 'Newest first' }) heads!: SignedTreeHeadDto[];
}

export class PublicKeyDto {
  @ApiProperty({ example: 'Ed25519' }) algorithm!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'SubjectPublicKeyInfo PEM' }) publicKeyPem!: string;
  @ApiProperty({ description: 'The raw 32-byte public key, base64' }) publicKeyBase64!: string;
}

export class InclusionProofDto {
  @ApiProperty({ description: "The event's 0-based place in the global order" }) leafIndex!: number;
  @ApiProperty() treeSize!: number;
  @ApiProperty({ description: 'SHA-256(0x00 ‖ leaf bytes), hex' }) leafHash!: string;
  @ApiProperty({ type: [String], description: 'Sibling hashes from the leaf up, hex (RFC 9162 §2.1.3)' }) auditPath!: string[];
  @ApiProperty({ description: 'The root this service computes at treeSize; verify against head.rootHash, which is signed' }) rootHash!: string;
  @ApiProperty({ type: SignedTreeHeadDto }) head!: SignedTreeHeadDto;
}

export class ConsistencyProofDto {
  @ApiProperty({ type: SignedTreeHeadDto }) from!: SignedTreeHeadDto;
  @ApiProperty({ type: SignedTreeHeadDto }) to!: SignedTreeHeadDto;
  @ApiProperty({ type: [String], description: 'RFC 9162 §2.1.4 consistency proof, hex' }) proof!: string[];
}

const HEX_64 = /^[0-9a-f]{64}$/;

/** A witness's cosignature of a head (docs/integrity.md, "Witnesses"), exactly as it signed it. */
export class CosignatureDto {
  @ApiProperty({
    example: '3f0a' + '0'.repeat(60),
    description: "SHA-256 of the witness's public key (DER SubjectPublicKeyInfo), hex; the witness must be registered in WITNESS_KEYS",
  })
  @IsString()
  @Matches(HEX_64, { message: 'witnessKeyId must be 64 lowercase hex digits' })
  witnessKeyId!: string;

  @ApiProperty({ example: '9b1e' + '0'.repeat(60), description: "The log's key id, as on the head" })
  @IsString()
  @Matches(HEX_64, { message: 'logKeyId must be 64 lowercase hex digits' })
  logKeyId!: string;

  @ApiProperty({ example: 1024 })
  @Transform(wholeNumberFromQuery)
  @IsInt({ message: 'treeSize must be a whole number' })
  @Min(1, { message: 'treeSize must be at least 1' })
  treeSize!: number;

  @ApiProperty({ example: 'c4d2' + '0'.repeat(60) })
  @IsString()
  @Matches(HEX_64, { message: 'rootHash must be 64 lowercase hex digits' })
  rootHash!: string;

  @ApiProperty({ example: '2026-12-02T08:00:05.000Z' })
  @IsISO8601({ strict: true }, { message: 'cosignedAt must be an ISO-8601 instant' })
  cosignedAt!: string;

  @ApiProperty({ example: 'q'.repeat(86) + '==', description: 'Ed25519, base64' })
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{86}==$/, { message: 'signature must be a 64-byte Ed25519 signature in base64' })
  signature!: string;
}

export class CosignatureRecordedDto {
  @ApiProperty({ description: 'The name the service registered the witness under' }) witnessName!: string;
  @ApiProperty() treeSize!: number;
  @ApiProperty({ description: 'False when the witness had already vouched for this size or a larger one' }) recorded!: boolean;
}
