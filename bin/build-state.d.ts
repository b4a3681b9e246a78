export declare const DIST: string;
export declare const STAMP: string;
export declare const SOURCE_DIRS: string[];
export declare function sourceFiles(root: string): string[];
export declare function isDevCheckout(root: string): boolean;
export declare function staleSource(root: string): string | null;
export declare function ensureFresh(root: string): string | null;
