import { createPrivateKey, createPublicKey } from "node:crypto";
import { z } from "zod";

/** An RSA private key in PEM (PKCS#1 or PKCS#8) that node:crypto parses: a malformed paste is a field error, never a failure later. */
export const rsaPrivateKeyPem = z.string().refine((pem) => {
  try {
    return createPrivateKey(pem).asymmetricKeyType === "rsa";
  } catch {
    return false;
  }
}, "an RSA private key in PEM (PKCS#1 or PKCS#8)");

/** An RSA public key in PEM (SPKI or PKCS#1), or a certificate PEM whose key is RSA. */
export const rsaPublicKeyPem = z.string().refine((pem) => {
  try {
    return createPublicKey(pem).asymmetricKeyType === "rsa";
  } catch {
    return false;
  }
}, "an RSA public key or certificate in PEM");
