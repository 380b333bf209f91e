/** The ids of the demo store's connections (also read by the end-to-end journeys, which load no database code). */
export const SANDBOX_CONNECTION_ID = "pc_sandbox_env";
export const DEMO_WECHAT_CONNECTION_ID = "pc_wechat_demo";
export const DEMO_ALIPAY_CONNECTION_ID = "pc_alipay_demo";
