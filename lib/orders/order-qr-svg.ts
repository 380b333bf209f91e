import QRCode from "qrcode";

/**
 * The order's QR as SVG, drawn from the provider's opaque qr_content. Error
 * correction M and a 4-module quiet zone: readable from a phone at arm's length.
 */
export function orderQrSvg(qrContent: string): Promise<string> {
  return QRCode.toString(qrContent, { type: "svg", errorCorrectionLevel: "M", margin: 4, color: { dark: "#000000", light: "#ffffff" } });
}
