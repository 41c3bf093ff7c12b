/** The words for a file given as a workbook that cannot be read as one (SPEC §7.7): what it is, and what the clerk does about it. */
import type { ErrorOfKind } from '../../core/error-kinds.js';
import type { NotAWorkbook } from '../../core/import-errors.js';
import { type LocalText, text } from '../../core/text.js';

type WorkbookKind = 'not_a_workbook' | 'sheet_not_found' | 'header_not_found';

export const WORKBOOK_ERRORS: { [K in WorkbookKind]: (error: ErrorOfKind<K>) => LocalText } = {
  not_a_workbook: (error) => {
    const { file } = error;
    const why: Record<NotAWorkbook['reason'], LocalText> = {
      xls: text(
        `${file} 是旧版 Excel 97–2003 工作簿（.xls），无法直接读取；请在 Excel 中"另存为" .xlsx 或 CSV 后导入`,
        `${file} is an old Excel 97–2003 workbook (.xls); save it as .xlsx or CSV in Excel and import that`,
      ),
      encrypted: text(
        `${file} 设有打开密码（已加密），或是改了扩展名的旧版 .xls 文件，无法读取；请在 Excel 中取消密码（文件 > 信息 > 保护工作簿），另存为 .xlsx 后导入`,
        `${file} is password-protected (encrypted), or an old .xls renamed; remove the password in Excel (File > Info > Protect Workbook), save as .xlsx and import that`,
      ),
      not_zip: text(
        `${file} 不是 Excel 工作簿（.xlsx）；如果它是 CSV 文件，请把扩展名改为 .csv`,
        `${file} is not an Excel workbook (.xlsx); if it is a CSV file, name it .csv`,
      ),
      truncated: text(
        `${file} 不完整（文件在复制或下载时被截断），无法读取；请重新复制该文件`,
        `${file} is cut short (a copy or download did not finish); copy the file again`,
      ),
      damaged: text(
        `${file} 已损坏，无法作为工作簿读取（${error.detail}）；请在 Excel 中打开并重新保存`,
        `${file} is damaged and cannot be read as a workbook (${error.detail}); open it in Excel and save it again`,
      ),
    };
    return text(`${why[error.reason].zh}；未读取任何数据行`, `${why[error.reason].en}; no row was read`);
  },
  sheet_not_found: (error) =>
    text(
      `${error.file} 中没有名为"${error.sheet}"的工作表；现有工作表：${error.sheets.map((sheet) => `"${sheet}"`).join('、')}`,
      `${error.file} has no sheet named "${error.sheet}"; its sheets: ${error.sheets.map((sheet) => `"${sheet}"`).join(', ')}`,
    ),
  header_not_found: (error) =>
    text(
      `${error.file} 的工作表"${error.sheet}"前 ${error.searched} 行中找不到表头：表头行应至少有两列用以下列名。必需列：${error.required.join('、')}；可选列：${error.optional.join('、')}`,
      `${error.file}, sheet "${error.sheet}": no header in the first ${error.searched} rows; the header row names at least two of these columns. Required: ${error.required.join(', ')}; optional: ${error.optional.join(', ')}`,
    ),
};
