/** Where a store lives when nothing says otherwise: the folder driver on `./flows`. */
export const DEFAULT_STORE = './flows';
