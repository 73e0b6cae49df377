// The two TreeDataProviders: thin adapters from the pure TreeNode model to TreeItems.

import * as vscode from 'vscode';
import type { TreeController } from './treeController';
import type { TreeNode } from './treeModel';

const COLLAPSE: Record<TreeNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/** What a row needs to become a TreeItem (a TreeNode, or a Devices view row). */
export type TreeItemFields = Pick<TreeNode, 'id' | 'label' | 'description' | 'tooltip' | 'contextValue' | 'icon' | 'collapsible'> & {
  command?: { command: string; title: string; arguments?: unknown[] };
};

export function toTreeItem(node: TreeItemFields): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, COLLAPSE[node.collapsible]);
  item.id = node.id;
  item.description = node.description;
  item.contextValue = node.contextValue;
  if (node.tooltip) {
    // Tooltips carry server fields (escaped in treeModel.ts); no theme icons, HTML or command links.
    const md = new vscode.MarkdownString(node.tooltip, false);
    md.isTrusted = false;
    md.supportHtml = false;
    item.tooltip = md;
  }
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
  if (node.command) item.command = { command: node.command.command, title: node.command.title, arguments: node.command.arguments };
  item.accessibilityInformation = { label: [node.label, node.description].filter(Boolean).join(', ') };
  return item;
}

export class MonitorsTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  readonly onDidChangeTreeData;
  constructor(private readonly controller: TreeController) {
    this.onDidChangeTreeData = controller.onMonitorsChanged;
  }
  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }
  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.controller.monitorRoots();
  }
  getParent(node: TreeNode): TreeNode | undefined {
    return this.controller.parentOf(node);
  }
}

export class SessionsTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  readonly onDidChangeTreeData;
  constructor(private readonly controller: TreeController) {
    this.onDidChangeTreeData = controller.onSessionsChanged;
  }
  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }
  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.controller.current().sessions;
  }
  getParent(node: TreeNode): TreeNode | undefined {
    return this.controller.parentOf(node);
  }
}
