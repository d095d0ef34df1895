/**
 * issue 11: Spark's aes_encrypt, aes_decrypt and try_aes_decrypt (AesEncrypt, AesDecrypt, TryAesDecrypt, over
 * ExpressionImplUtils.aesInternal), evaluated in JavaScript with @noble/ciphers: a per-row function must be
 * synchronous, which WebCrypto is not.
 *
 * Spark's modes, paddings and byte layout, so values pass between Spark and Sluice both ways: GCM (the default;
 * padding NONE or DEFAULT) writes a 12-byte IV, the ciphertext and the 16-byte tag, and takes additional
 * authenticated data; CBC (PKCS or DEFAULT) writes a 16-byte IV and the PKCS#5-padded ciphertext; ECB (PKCS or
 * DEFAULT) the padded ciphertext alone. An IV not given is random. Keys are 16, 24 or 32 bytes. Strings are
 * their UTF-8 bytes (Spark's implicit cast to BINARY); a null argument gives null. The errors are Spark's:
 * INVALID_PARAMETER_VALUE.AES_KEY_LENGTH / AES_IV_LENGTH / AES_CRYPTO_ERROR, UNSUPPORTED_FEATURE.AES_MODE /
 * AES_MODE_IV / AES_MODE_AAD; try_aes_decrypt gives null where aes_decrypt fails.
 */
import { cbc, ecb, gcm } from "@noble/ciphers/aes.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import {
  aesCryptoError,
  aesModeUnsupported,
  aesUnsupportedAad,
  aesUnsupportedIv,
  invalidAesIvLength,
  invalidAesKeyLength,
} from "../../errors/QueryExecutionErrors";
import type { Expression } from "../expressions";
import { BinaryType } from "../types";
import type { ScriptFunction, ScriptFunctionTable } from "../udf/ScriptFunction";

const GCM_IV_LENGTH = 12;
const CBC_IV_LENGTH = 16;

type Mode = "ECB" | "CBC" | "GCM";

/** CipherMode.fromString: the mode for a mode and padding, or UNSUPPORTED_FEATURE.AES_MODE. */
function modeOf(mode: string, padding: string): Mode {
  const m = mode.toUpperCase();
  const p = padding.toUpperCase();
  if ((m === "ECB" || m === "CBC") && (p === "PKCS" || p === "DEFAULT")) return m;
  if (m === "GCM" && (p === "NONE" || p === "DEFAULT")) return "GCM";
  throw aesModeUnsupported(mode, padding);
}

const encoder = new TextEncoder();

/** A BINARY argument's bytes: a string is its UTF-8 bytes, as Spark's implicit cast makes it. */
function bytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return encoder.encode(String(value));
}

function checkKey(key: Uint8Array): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw invalidAesKeyLength(key.length);
}

/**
 * The JCE's reason for a failed decryption, as Spark puts it in AES_CRYPTO_ERROR: GCM's tag did not match, or
 * ECB's or CBC's padding did not read back (a wrong key, a damaged value).
 */
function cryptoError(mode: Mode, error: unknown): Error {
  return aesCryptoError(
    mode === "GCM"
      ? "Tag mismatch"
      : "Given final block not properly padded. Such issues can arise if a bad key is used during decryption.",
    error,
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** aesInternal in ENCRYPT_MODE. */
export function aesEncrypt(
  input: Uint8Array,
  key: Uint8Array,
  modeName: string,
  padding: string,
  iv: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  checkKey(key);
  const mode = modeOf(modeName, padding);
  if (mode === "ECB") {
    if (iv.length > 0) throw aesUnsupportedIv(modeName);
    if (aad.length > 0) throw aesUnsupportedAad(modeName);
    return ecb(key).encrypt(input);
  }
  const ivLength = mode === "GCM" ? GCM_IV_LENGTH : CBC_IV_LENGTH;
  if (iv.length > 0 && iv.length !== ivLength) throw invalidAesIvLength(modeName, iv.length);
  const nonce = iv.length > 0 ? iv : randomBytes(ivLength);
  if (mode === "CBC") {
    if (aad.length > 0) throw aesUnsupportedAad(modeName);
    return concat(nonce, cbc(key, nonce).encrypt(input));
  }
  return concat(nonce, gcm(key, nonce, aad.length > 0 ? aad : undefined).encrypt(input));
}

/** aesInternal in DECRYPT_MODE. */
export function aesDecrypt(
  input: Uint8Array,
  key: Uint8Array,
  modeName: string,
  padding: string,
  aad: Uint8Array,
): Uint8Array {
  checkKey(key);
  const mode = modeOf(modeName, padding);
  if (mode === "ECB") {
    if (aad.length > 0) throw aesUnsupportedAad(modeName);
    try {
      return ecb(key).decrypt(input);
    } catch (error) {
      throw cryptoError(mode, error);
    }
  }
  const ivLength = mode === "GCM" ? GCM_IV_LENGTH : CBC_IV_LENGTH;
  if (mode === "CBC" && aad.length > 0) throw aesUnsupportedAad(modeName);
  try {
    if (input.length < ivLength) throw new RangeError("input shorter than its IV");
    const iv = input.subarray(0, ivLength);
    const body = input.subarray(ivLength);
    return mode === "CBC"
      ? cbc(key, iv).decrypt(body)
      : gcm(key, iv, aad.length > 0 ? aad : undefined).decrypt(body);
  } catch (error) {
    throw cryptoError(mode, error);
  }
}

const EMPTY = new Uint8Array(0);

const literal = (value: string): Expression => ({ kind: "literal", value });

/** Spark's constructors fill the arguments left out: `aes_encrypt(x, k)` is `aes_encrypt(x, k, GCM, DEFAULT, , )`. */
const DEFAULTS = [literal("GCM"), literal("DEFAULT"), literal(""), literal("")];

const anyNull = (args: readonly unknown[]) => args.some((a) => a === null || a === undefined);

const encrypt: ScriptFunction = {
  minArgs: 2,
  maxArgs: 6,
  dataType: BinaryType,
  complete: (args) => [...args, ...DEFAULTS.slice(args.length - 2)],
  evaluate: (args) => {
    if (anyNull(args)) return null;
    const [input, key, mode, padding, iv, aad] = args;
    return aesEncrypt(
      bytes(input),
      bytes(key),
      String(mode),
      String(padding),
      iv === "" ? EMPTY : bytes(iv),
      aad === "" ? EMPTY : bytes(aad),
    );
  },
};

function decrypt(tryMode: boolean): ScriptFunction {
  return {
    minArgs: 2,
    maxArgs: 5,
    dataType: BinaryType,
    complete: (args) => [...args, ...[DEFAULTS[0], DEFAULTS[1], DEFAULTS[3]].slice(args.length - 2)],
    evaluate: (args) => {
      if (anyNull(args)) return null;
      const [input, key, mode, padding, aad] = args;
      try {
        return aesDecrypt(bytes(input), bytes(key), String(mode), String(padding), bytes(aad));
      } catch (error) {
        if (tryMode) return null;
        throw error;
      }
    },
  };
}

export const AES_FUNCTIONS: ScriptFunctionTable = {
  aes_encrypt: encrypt,
  aes_decrypt: decrypt(false),
  try_aes_decrypt: decrypt(true),
};
